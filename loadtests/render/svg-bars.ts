/**
 * Horizontal bars: one row per variant, so long variant names stay readable. Rows hold one bar, or
 * several stacked (parts of one cost) or grouped (percentiles side by side). A bar may carry two
 * whiskers: a thick one for the interquartile range and a thin one for min–max.
 */
import { escapeHtml } from './escape.js'
import {
  chartName,
  figure,
  FONT,
  linearScale,
  markAttributes,
  round,
  text,
  WIDTH,
  xAxis,
  type LegendItem,
} from './svg-frame.js'

export interface Bar {
  readonly series: string
  readonly value: number
  readonly colour: string
  readonly iqr?: readonly [number, number]
  readonly range?: readonly [number, number]
}

export interface BarRow {
  readonly label: string
  readonly bars: readonly Bar[]
  /** Printed at the end of the row: the number a reader looks for. */
  readonly note?: string
}

export interface BarChartOptions {
  readonly id: string
  readonly title: string
  readonly caption?: string
  readonly axisLabel: string
  readonly rows: readonly BarRow[]
  /**
   * stacked: parts of one total, end to end. grouped: side by side, one line each.
   * overlaid: each bar from zero, the longest drawn first, in one line: for values that only grow
   * (latency percentiles), so a row stays one bar high.
   */
  readonly layout?: 'stacked' | 'grouped' | 'overlaid'
  readonly legend?: readonly LegendItem[]
}

const CHARACTER = FONT * 0.6
const BAR = 22
const GROUPED_BAR = 14
const ROW_GAP = 12

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

function whiskers(bar: Bar, x: (value: number) => number, middle: number): string {
  const parts: string[] = []
  if (bar.range) {
    const [low, high] = bar.range.map((value) => round(x(value)))
    parts.push(
      `<path class="range" d="M${low} ${round(middle - 7)}v14M${low} ${round(middle)}H${high}M${high} ${round(middle - 7)}v14"/>`,
    )
  }
  if (bar.iqr)
    parts.push(
      `<line class="iqr" x1="${round(x(bar.iqr[0]))}" x2="${round(x(bar.iqr[1]))}" y1="${round(middle)}" y2="${round(middle)}"/>`,
    )
  return parts.join('')
}

function barMark(row: BarRow, bar: Bar, x0: number, x1: number, y: number, height: number): string {
  const data: Record<string, string | number> = { label: row.label, series: bar.series, value: bar.value }
  if (bar.iqr) Object.assign(data, { q1: bar.iqr[0], q3: bar.iqr[1] })
  if (bar.range) Object.assign(data, { min: bar.range[0], max: bar.range[1] })
  return (
    `<rect${markAttributes(data)} x="${round(Math.min(x0, x1))}" y="${round(y)}" width="${round(Math.abs(x1 - x0))}" height="${round(height)}" fill="${escapeHtml(bar.colour)}">` +
    `<title>${escapeHtml(`${row.label} · ${bar.series}: ${bar.value}`)}</title></rect>`
  )
}

export function barChart({ id, title, caption, axisLabel, rows, layout = 'stacked', legend }: BarChartOptions): string {
  // Wide enough for the longest name as printed (bold), so no variant name is cut off at the left edge.
  const labelWidth = clamp(Math.max(0, ...rows.map((row) => chartName(row.label).length)) * CHARACTER + 16, 90, 480)
  // Notes are bold tabular figures, wider than the average character: measured, 0.66 em.
  const noteWidth = clamp(Math.max(0, ...rows.map((row) => row.note?.length ?? 0)) * FONT * 0.66 + 20, 16, 330)
  const left = labelWidth
  const right = WIDTH - noteWidth
  const extent = (bar: Bar) => Math.max(bar.value, bar.iqr?.[1] ?? 0, bar.range?.[1] ?? 0)
  const max = Math.max(
    0,
    ...rows.map((row) =>
      layout === 'stacked'
        ? row.bars.reduce((sum, bar) => sum + Math.max(0, bar.value), 0)
        : Math.max(0, ...row.bars.map(extent)),
    ),
    ...rows.flatMap((row) => row.bars.map(extent)),
  )
  const x = linearScale(max, [left, right])
  const rowHeight =
    layout === 'grouped' ? Math.max(1, ...rows.map((row) => row.bars.length)) * GROUPED_BAR + ROW_GAP : BAR + ROW_GAP
  const top = 8
  let marks = 0
  const body = rows.map((row, index) => {
    const y = top + index * rowHeight + 8
    let offset = 0
    // Overlaid: the longest first, so every shorter bar stays visible on top of it.
    const drawOrder = layout === 'overlaid' ? [...row.bars].sort((a, b) => b.value - a.value) : row.bars
    const bars = drawOrder.map((bar, position) => {
      marks += 1
      const drawn = Math.max(0, bar.value)
      if (layout === 'overlaid') return barMark(row, bar, x(0), x(drawn), y, BAR)
      if (layout === 'stacked') {
        const start = offset
        offset += drawn
        return barMark(row, bar, x(start), x(offset), y, BAR) + whiskers(bar, x, y + BAR / 2)
      }
      const barY = y + position * GROUPED_BAR
      return barMark(row, bar, x(0), x(drawn), barY, GROUPED_BAR - 2) + whiskers(bar, x, barY + GROUPED_BAR / 2 - 1)
    })
    const middle = y + (rowHeight - ROW_GAP) / 2
    return (
      text(left - 10, middle + FONT / 3, chartName(row.label), ' text-anchor="end" class="row-label"') +
      bars.join('') +
      (row.note ? text(right + 10, middle + FONT / 3, row.note, ' class="note"') : '')
    )
  })
  const axisY = top + rows.length * rowHeight + 4
  return figure({
    id,
    title,
    ...(caption !== undefined && { caption }),
    height: axisY + 2 * FONT + 24,
    body: xAxis(x, axisY, top, { label: axisLabel }) + body.join(''),
    marks,
    ...(legend && { legend }),
  })
}
