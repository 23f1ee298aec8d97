/** Charts over an x axis: lines through points (the concurrency sweep) and binned timelines (a revoke). */
import { escapeHtml } from './escape.js'
import {
  figure,
  FONT,
  linearScale,
  logScale,
  markAttributes,
  round,
  spanScale,
  text,
  WIDTH,
  xAxis,
  yAxis,
  type LegendItem,
} from './svg-frame.js'

export interface LinePoint {
  readonly x: number
  readonly y: number
  /** Interquartile range of y, drawn as a vertical whisker. */
  readonly iqr?: readonly [number, number]
}

export interface LineSeries {
  readonly label: string
  readonly colour: string
  readonly points: readonly LinePoint[]
}

export interface LineChartOptions {
  readonly id: string
  readonly title: string
  readonly caption?: string
  readonly xLabel: string
  readonly yLabel: string
  readonly series: readonly LineSeries[]
  /** Connection counts double and quadruple: a log axis spaces them evenly. */
  readonly logX?: boolean
}

const LEFT = 110
const RIGHT = WIDTH - 30

export function lineChart({ id, title, caption, xLabel, yLabel, series, logX = false }: LineChartOptions): string {
  const height = 440
  const top = 16
  const bottom = height - 2 * FONT - 30
  const xs = series.flatMap((entry) => entry.points.map((point) => point.x))
  const x = logX ? logScale(xs, [LEFT + 20, RIGHT - 20]) : linearScale(Math.max(...xs), [LEFT, RIGHT])
  const y = linearScale(
    Math.max(0, ...series.flatMap((entry) => entry.points.map((point) => Math.max(point.y, point.iqr?.[1] ?? 0)))),
    [bottom, top],
  )
  let marks = 0
  const lines = series.map((entry) => {
    const path = entry.points
      .map((point, index) => `${index === 0 ? 'M' : 'L'}${round(x(point.x))} ${round(y(point.y))}`)
      .join('')
    const dots = entry.points.map((point) => {
      marks += 1
      const whisker = point.iqr
        ? `<line class="iqr" x1="${round(x(point.x))}" x2="${round(x(point.x))}" y1="${round(y(point.iqr[0]))}" y2="${round(y(point.iqr[1]))}" stroke="${escapeHtml(entry.colour)}"/>`
        : ''
      return (
        whisker +
        `<circle${markAttributes({ series: entry.label, x: point.x, y: point.y })} cx="${round(x(point.x))}" cy="${round(y(point.y))}" r="6" fill="${escapeHtml(entry.colour)}">` +
        `<title>${escapeHtml(`${entry.label}: ${point.y} at ${point.x}`)}</title></circle>`
      )
    })
    return `<path class="line" d="${path}" stroke="${escapeHtml(entry.colour)}"/>${dots.join('')}`
  })
  const legend: LegendItem[] = series.map((entry) => ({ label: entry.label, colour: entry.colour }))
  return figure({
    id,
    title,
    ...(caption !== undefined && { caption }),
    height,
    body: xAxis(x, bottom, top, { label: xLabel }) + yAxis(y, LEFT, RIGHT, { label: yLabel }) + lines.join(''),
    marks,
    legend,
  })
}

export interface TimelineOptions {
  readonly id: string
  readonly title: string
  readonly caption?: string
  readonly binMs: number
  readonly bins: readonly { readonly t: number; readonly accepted: number; readonly refused: number }[]
  /** Vertical rules, e.g. the revoke at 0 and the credential's expiry. */
  readonly markers: readonly { readonly at: number; readonly label: string }[]
  /** Shared axes for small multiples: the same time span and answer scale in every panel. */
  readonly shared?: { readonly startMs: number; readonly endMs: number; readonly maxAnswers: number }
}

export const ACCEPTED_COLOUR = '#D55E00'
export const REFUSED_COLOUR = '#9BB7D4'
/** One panel of the small multiples: a narrow canvas, three to a row at 1280 px, type at full size. */
export const PANEL_WIDTH = 380
const PANEL = { height: 150, left: 52, right: PANEL_WIDTH - 14, top: 22 }

/** The span and answer scale that fit every timeline: small multiples share their axes. */
export function sharedTimelineAxes(timelines: readonly Pick<TimelineOptions, 'binMs' | 'bins' | 'markers'>[]) {
  return {
    startMs: Math.min(0, ...timelines.flatMap(({ bins }) => bins.map((bin) => bin.t))),
    endMs: Math.max(
      ...timelines.flatMap(({ binMs, bins, markers }) => [
        binMs,
        ...bins.map((bin) => bin.t + binMs),
        ...markers.map((marker) => marker.at),
      ]),
    ),
    maxAnswers: Math.max(1, ...timelines.flatMap(({ bins }) => bins.map((bin) => bin.accepted + bin.refused))),
  }
}

/**
 * Accepted answers stacked on refused ones, per time bin; every bin is one mark. Drawn as one
 * panel of a grid of small multiples (the axes' titles are said once, above the grid).
 */
export function timelineChart({ id, title, caption, binMs, bins, markers, shared }: TimelineOptions): string {
  const axes = shared ?? sharedTimelineAxes([{ binMs, bins, markers }])
  const { height, left, right, top } = PANEL
  const bottom = height - FONT - 12
  const x = spanScale(axes.startMs, axes.endMs, [left, right], 4)
  const y = linearScale(axes.maxAnswers, [bottom, top], 2)
  const width = Math.max(1, x(binMs) - x(0) - 0.5)
  const columns = bins.map((bin) => {
    const refusedTop = y(bin.refused)
    return (
      `<g${markAttributes({ t: bin.t, accepted: bin.accepted, refused: bin.refused })}>` +
      `<title>${escapeHtml(`${bin.t} ms: ${bin.accepted} accepted, ${bin.refused} refused`)}</title>` +
      `<rect x="${round(x(bin.t))}" y="${round(refusedTop)}" width="${round(width)}" height="${round(bottom - refusedTop)}" fill="${REFUSED_COLOUR}"/>` +
      `<rect x="${round(x(bin.t))}" y="${round(y(bin.refused + bin.accepted))}" width="${round(width)}" height="${round(refusedTop - y(bin.refused + bin.accepted))}" fill="${ACCEPTED_COLOUR}"/>` +
      `</g>`
    )
  })
  const rules = markers.map(
    (marker) =>
      `<line class="rule" x1="${round(x(marker.at))}" x2="${round(x(marker.at))}" y1="${top - 6}" y2="${bottom}"/>` +
      // Near the right edge the label goes left of its rule, so it stays on the canvas (and on paper).
      (x(marker.at) > right - 70
        ? text(x(marker.at) - 5, top + 4, marker.label, ' class="rule-label" text-anchor="end"')
        : text(x(marker.at) + 5, top + 4, marker.label, ' class="rule-label"')),
  )
  return figure({
    id,
    title,
    ...(caption !== undefined && { caption }),
    height,
    width: PANEL_WIDTH,
    body:
      xAxis(x, bottom, top, { label: '', format: (ms) => (ms / 1000).toFixed(1) }) +
      yAxis(y, left, right, { label: '' }) +
      columns.join('') +
      rules.join(''),
    marks: bins.length,
  })
}
