/** A store outage as small multiples: answers per time bin, stacked by status class. */
import type { OutageTimeline } from './outage-analysis.js'
import { OUTAGE_CLASSES, type OutageClass } from './outage-analysis.js'
import { escapeHtml } from '../render/escape.js'
import { figure, FONT, linearScale, markAttributes, round, spanScale, text, xAxis, yAxis } from '../render/svg-frame.js'
import { PANEL_WIDTH } from '../render/svg-lines.js'

/** Colour-blind-safe (Okabe-Ito): served green, refused by auth blue, refused for the store orange, lost red. */
export const STATUS_COLOURS: Readonly<Record<OutageClass, string>> = {
  '2xx': '#009E73',
  '401': '#9BB7D4',
  '503': '#E69F00',
  other: '#7A7A7A',
  no_answer: '#D55E00',
}

export const STATUS_LABELS: Readonly<Record<OutageClass, string>> = {
  '2xx': 'served (2xx)',
  '401': 'refused (401)',
  '503': 'store unavailable (503)',
  other: 'other',
  no_answer: 'no answer (hung)',
}

const PANEL = { height: 150, left: 52, right: PANEL_WIDTH - 14, top: 22 }

/** The span and the answer scale every panel shares. */
export function sharedStatusAxes(timelines: readonly OutageTimeline[]) {
  const totals = timelines.flatMap((timeline) =>
    (timeline.counts['2xx'] ?? []).map((_value, bin) =>
      OUTAGE_CLASSES.reduce((sum, name) => sum + (timeline.counts[name][bin] ?? 0), 0),
    ),
  )
  return {
    startMs: Math.min(0, ...timelines.map((timeline) => timeline.start_ms)),
    endMs: Math.max(
      ...timelines.map((timeline) => timeline.start_ms + timeline.bin_ms * (timeline.counts['2xx'].length ?? 0)),
    ),
    maxAnswers: Math.max(1, ...totals),
  }
}

export function statusTimelineChart(
  id: string,
  title: string,
  caption: string,
  timeline: OutageTimeline,
  axes: ReturnType<typeof sharedStatusAxes>,
): string {
  const { height, left, right, top } = PANEL
  const bottom = height - FONT - 12
  const x = spanScale(axes.startMs, axes.endMs, [left, right], 4)
  const y = linearScale(axes.maxAnswers, [bottom, top], 2)
  const width = Math.max(1, x(timeline.bin_ms) - x(0) - 0.5)
  const bins = timeline.counts['2xx'].length
  const columns = Array.from({ length: bins }, (_, bin) => {
    const t = timeline.start_ms + bin * timeline.bin_ms
    let below = 0
    const parts = OUTAGE_CLASSES.map((name) => {
      const count = timeline.counts[name][bin] ?? 0
      if (count === 0) return ''
      const rect = `<rect x="${round(x(t))}" y="${round(y(below + count))}" width="${round(width)}" height="${round(y(below) - y(below + count))}" fill="${STATUS_COLOURS[name]}"/>`
      below += count
      return rect
    })
    const words = OUTAGE_CLASSES.map((name) => `${timeline.counts[name][bin] ?? 0} ${name}`).join(', ')
    return `<g${markAttributes({ t })}><title>${escapeHtml(`${t} ms: ${words}`)}</title>${parts.join('')}</g>`
  })
  const rule = (at: number, label: string) =>
    `<line class="rule" x1="${round(x(at))}" x2="${round(x(at))}" y1="${top - 6}" y2="${bottom}"/>` +
    text(x(at) + 5, top + 4, label, ' class="rule-label"')
  return figure({
    id,
    title,
    caption,
    height,
    width: PANEL_WIDTH,
    body:
      xAxis(x, bottom, top, { label: '', format: (ms) => (ms / 1000).toFixed(1) }) +
      yAxis(y, left, right, { label: '' }) +
      `<rect x="${round(x(0))}" y="${top}" width="${round(x(timeline.outage_ms) - x(0))}" height="${round(bottom - top)}" fill="#000" fill-opacity="0.06"/>` +
      columns.join('') +
      rule(0, 'down') +
      rule(timeline.outage_ms, 'back'),
    marks: bins,
  })
}
