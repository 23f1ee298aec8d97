/**
 * What every chart shares: scales with round ticks, axes with labels, the figure around the SVG,
 * a legend. Charts are plain inline SVG with no script, so the page opens offline and prints.
 * Sizes are in viewBox units on a 960-wide canvas: at full width 1 unit is about 1 CSS pixel, and
 * 17-unit labels stay readable from the back of a room.
 */
import { dataAttributes, escapeHtml } from './escape.js'
import { formatTick } from './format.js'

export const WIDTH = 960
export const FONT = 17

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies and on a projector. */
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#8C6D00',
  '#332288',
  '#117733',
  '#882255',
]
export const BASELINE_COLOUR = '#7A7A7A'
export const colourAt = (index: number): string => PALETTE[index % PALETTE.length] ?? '#000000'

export interface Scale {
  (value: number): number
  readonly ticks: readonly number[]
}

/** 1, 2 or 5 times a power of ten: tick steps a reader can add up. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count)
  const power = 10 ** Math.floor(Math.log10(raw || 1))
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw)
  return step ?? 10 * power
}

/** 3 × 0.2 is 0.6000000000000001 in floating point: ticks are printed and compared, so trim it. */
const exact = (value: number) => Number(value.toPrecision(12))

/** From 0 (bars must start at zero) to a round number at or above `max`. */
export function linearScale(max: number, range: readonly [number, number], count = 5): Scale {
  const step = niceStep(max > 0 ? max : 1, count)
  const top = Math.max(step, Math.ceil((max > 0 ? max : 1) / step) * step)
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => exact(index * step))
  return Object.assign((value: number) => range[0] + ((range[1] - range[0]) * value) / top, { ticks })
}

/** Any domain, for time axes that start before zero. */
export function spanScale(min: number, max: number, range: readonly [number, number], count = 6): Scale {
  const step = niceStep(max - min || 1, count)
  const first = Math.ceil(min / step) * step
  const ticks = Array.from({ length: Math.floor((max - first) / step) + 1 }, (_, index) => exact(first + index * step))
  return Object.assign((value: number) => range[0] + ((range[1] - range[0]) * (value - min)) / (max - min || 1), {
    ticks,
  })
}

/** Log scale for connection counts (1 to 256): ticks at the values the run used. */
export function logScale(values: readonly number[], range: readonly [number, number]): Scale {
  const low = Math.log(Math.min(...values))
  const high = Math.log(Math.max(...values))
  const span = high - low || 1
  return Object.assign((value: number) => range[0] + ((range[1] - range[0]) * (Math.log(value) - low)) / span, {
    ticks: [...new Set(values)],
  })
}

export const text = (x: number, y: number, content: string | number, attributes = ''): string =>
  `<text x="${round(x)}" y="${round(y)}"${attributes}>${escapeHtml(content)}</text>`

export const round = (value: number): number => Math.round(value * 10) / 10

export interface AxisOptions {
  readonly label: string
  readonly format?: (value: number) => string
}

/** Horizontal axis along `y`, with grid lines up to `top`. */
export function xAxis(scale: Scale, y: number, top: number, { label, format = formatTick }: AxisOptions): string {
  const ticks = scale.ticks.map((tick) => {
    const x = round(scale(tick))
    return `<line class="grid" x1="${x}" x2="${x}" y1="${round(top)}" y2="${round(y)}"/>${text(x, y + FONT + 4, format(tick), ' text-anchor="middle"')}`
  })
  const [first = 0, last = 0] = [scale(scale.ticks[0] ?? 0), scale(scale.ticks.at(-1) ?? 0)]
  return `<g class="axis">${ticks.join('')}${text((first + last) / 2, y + 2 * FONT + 12, label, ' class="axis-label" text-anchor="middle"')}</g>`
}

/** Vertical axis along `x`, with grid lines across to `right`. */
export function yAxis(scale: Scale, x: number, right: number, { label, format = formatTick }: AxisOptions): string {
  const ticks = scale.ticks.map((tick) => {
    const y = round(scale(tick))
    return `<line class="grid" x1="${round(x)}" x2="${round(right)}" y1="${y}" y2="${y}"/>${text(x - 8, y + FONT / 3, format(tick), ' text-anchor="end"')}`
  })
  const middle = (scale(scale.ticks[0] ?? 0) + scale(scale.ticks.at(-1) ?? 0)) / 2
  return `<g class="axis">${ticks.join('')}<text class="axis-label" text-anchor="middle" transform="translate(${round(x - 72)} ${round(middle)}) rotate(-90)">${escapeHtml(label)}</text></g>`
}

export interface LegendItem {
  readonly label: string
  readonly colour: string
}

export const legend = (items: readonly LegendItem[]): string =>
  items.length === 0
    ? ''
    : `<ul class="legend">${items.map((item) => `<li><span class="swatch" style="background:${escapeHtml(item.colour)}"></span>${escapeHtml(item.label)}</li>`).join('')}</ul>`

export interface FigureOptions {
  /** Stable id: `data-chart` on the figure, for tests and links. */
  readonly id: string
  readonly title: string
  readonly caption?: string
  readonly height: number
  /** viewBox width; small multiples use a narrower canvas so their type stays the same size. */
  readonly width?: number
  readonly body: string
  /** How many marks (bars, points, bins) the chart draws: tests compare it with the data. */
  readonly marks: number
  readonly legend?: readonly LegendItem[]
}

export function figure({
  id,
  title,
  caption,
  height,
  width = WIDTH,
  body,
  marks,
  legend: items = [],
}: FigureOptions): string {
  return (
    `<figure class="chart"${dataAttributes({ chart: id, marks })}>` +
    `<figcaption><strong>${escapeHtml(title)}</strong>${caption ? ` <span>${escapeHtml(caption)}</span>` : ''}</figcaption>` +
    legend(items) +
    `<svg viewBox="0 0 ${width} ${round(height)}" role="img" aria-label="${escapeHtml(title)}" font-size="${FONT}">${body}</svg>` +
    `</figure>`
  )
}

/** A mark: the element tests count, with its values in `data-*`. */
export const markAttributes = (data: Readonly<Record<string, string | number>>): string =>
  ` class="mark"${dataAttributes(data)}`

/** One colour per variant across every chart of a page; the baseline is always grey. */
/** A variant's colour, the same in every chart of a page. */
export type ColourOf = (variant: string) => string

export function colourScale(variants: readonly string[], baseline: string): ColourOf {
  const others = [...new Set(variants)].filter((variant) => variant !== baseline)
  return (variant) =>
    variant === baseline
      ? BASELINE_COLOUR
      : colourAt(others.includes(variant) ? others.indexOf(variant) : others.length)
}

/**
 * A variant's name as charts print it: the values that explain themselves lose their keys
 * (`jwt:revocation=denylist,cache-ttl=1000,invalidation=pubsub` → `jwt:denylist,cache-ttl=1000,pubsub`),
 * so long names fit beside a bar or a point. Tables and tooltips keep the full id.
 */
const SELF_EXPLAINING = ['revocation', 'invalidation', 'alg', 'store']
export function chartName(id: string): string {
  const [strategy = id, rest] = id.split(/:(.*)/s, 2)
  if (!rest) return id
  const pairs = rest.split(',').map((pair) => pair.split('=', 2) as [string, string | undefined])
  const ordered = [...pairs].sort((a, b) => Number(a[0] !== 'revocation') - Number(b[0] !== 'revocation'))
  return `${strategy}:${ordered.map(([key, value]) => (SELF_EXPLAINING.includes(key) && value ? value : `${key}=${value ?? ''}`)).join(',')}`
}
