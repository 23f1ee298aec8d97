/**
 * A labelled scatter: one point per variant, for trade-offs between two measured things. Variants
 * crowd together (every immediate revocation sits at 0 s), so labels never sit on the plot: they
 * stand in a column to its right, in the order of their points' height, each joined to its point by
 * a leader line. Spaced one line apart, they cannot overlap however close the points are.
 */
import { escapeHtml } from './escape.js'
import { chartName, figure, FONT, linearScale, markAttributes, round, text, WIDTH, xAxis, yAxis } from './svg-frame.js'

export interface ScatterPoint {
  readonly label: string
  readonly x: number
  readonly y: number
  readonly colour: string
}

export interface ScatterOptions {
  readonly id: string
  readonly title: string
  readonly caption?: string
  readonly xLabel: string
  readonly yLabel: string
  readonly points: readonly ScatterPoint[]
  readonly formatX?: (value: number) => string
}

const LABEL_FONT = 15
const LINE = LABEL_FONT + 5
/** Width the label column needs, estimated generously (bold DejaVu Sans is about 0.62 em per character). */
export const labelWidth = (label: string) => label.length * LABEL_FONT * 0.62

/**
 * Vertical positions for labels that want to sit at `wanted` (sorted top to bottom), at least
 * `gap` apart and within [low, high]: pushed down past each other, then back up from the bottom.
 */
export function spreadLabels(wanted: readonly number[], gap: number, low: number, high: number): number[] {
  const placed: number[] = []
  for (const y of wanted) placed.push(Math.max(y, low, (placed.at(-1) ?? -Infinity) + gap))
  for (let index = placed.length - 1; index >= 0; index--) {
    const limit = index === placed.length - 1 ? high : (placed[index + 1] ?? high) - gap
    placed[index] = Math.min(placed[index] ?? 0, limit)
  }
  return placed
}

export function scatterChart({ id, title, caption, xLabel, yLabel, points, formatX }: ScatterOptions): string {
  const columnWidth = Math.min(
    WIDTH * 0.45,
    Math.max(120, ...points.map((point) => labelWidth(chartName(point.label)))),
  )
  const labelX = WIDTH - columnWidth - 6
  const left = 110
  const right = labelX - 40
  const top = 20
  // Tall enough that every label has its own line.
  const plotHeight = Math.max(380, points.length * LINE + 20)
  const bottom = top + plotHeight
  const height = bottom + 2 * FONT + 30
  const x = linearScale(Math.max(...points.map((point) => point.x)), [left + 10, right])
  const y = linearScale(Math.max(...points.map((point) => point.y)), [bottom, top])
  const order = points
    .map((point, index) => ({ point, index, cy: y(point.y) }))
    .sort((a, b) => a.cy - b.cy || a.point.label.localeCompare(b.point.label))
  const labelYs = spreadLabels(
    order.map((entry) => entry.cy),
    LINE,
    top + LABEL_FONT / 2,
    bottom,
  )
  const labels = order.map(({ point, cy }, rank) => {
    const ly = labelYs[rank] ?? cy
    return (
      `<path class="leader" d="M${round(x(point.x) + 9)} ${round(cy)}L${round(labelX - 8)} ${round(ly)}" stroke="${escapeHtml(point.colour)}"/>` +
      text(labelX, ly + LABEL_FONT / 3, chartName(point.label), ` class="point-label" font-size="${LABEL_FONT}"`)
    )
  })
  const dots = points.map(
    (point) =>
      `<circle${markAttributes({ label: point.label, x: point.x, y: point.y })} cx="${round(x(point.x))}" cy="${round(y(point.y))}" r="8" fill="${escapeHtml(point.colour)}">` +
      `<title>${escapeHtml(`${point.label}: ${point.x}, ${point.y}`)}</title></circle>`,
  )
  return figure({
    id,
    title,
    ...(caption !== undefined && { caption }),
    height,
    body:
      xAxis(x, bottom, top, { label: xLabel, ...(formatX && { format: formatX }) }) +
      yAxis(y, left, right, { label: yLabel }) +
      labels.join('') +
      dots.join(''),
    marks: points.length,
  })
}
