/** A labelled scatter: one point per variant, for trade-offs between two measured things. */
import { escapeHtml } from './escape.js'
import { figure, FONT, linearScale, markAttributes, round, text, WIDTH, xAxis, yAxis } from './svg-frame.js'

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

export function scatterChart({ id, title, caption, xLabel, yLabel, points, formatX }: ScatterOptions): string {
  const height = 460
  const left = 110
  const right = WIDTH - 40
  const top = 20
  const bottom = height - 2 * FONT - 30
  const x = linearScale(Math.max(...points.map((point) => point.x)), [left + 10, right])
  const y = linearScale(Math.max(...points.map((point) => point.y)), [bottom, top])
  // Labels go left of points in the right third, so they stay on the canvas.
  const dots = points.map((point) => {
    const [cx, cy] = [x(point.x), y(point.y)]
    const onRight = cx > left + (right - left) * 0.66
    return (
      `<circle${markAttributes({ label: point.label, x: point.x, y: point.y })} cx="${round(cx)}" cy="${round(cy)}" r="9" fill="${escapeHtml(point.colour)}">` +
      `<title>${escapeHtml(`${point.label}: ${point.x}, ${point.y}`)}</title></circle>` +
      text(
        cx + (onRight ? -14 : 14),
        cy - 10,
        point.label,
        ` class="point-label" text-anchor="${onRight ? 'end' : 'start'}"`,
      )
    )
  })
  return figure({
    id,
    title,
    ...(caption !== undefined && { caption }),
    height,
    body:
      xAxis(x, bottom, top, { label: xLabel, ...(formatX && { format: formatX }) }) +
      yAxis(y, left, right, { label: yLabel }) +
      dots.join(''),
    marks: points.length,
  })
}
