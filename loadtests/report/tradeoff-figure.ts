/**
 * The slide figure (issue 29): hot-read throughput against how long a revoked credential keeps
 * working, one point per variant, as a standalone SVG (16:9, inline styles, no fonts or CSS to
 * fetch) for a talk. Windows are the deployment's: a token that cannot be revoked is placed at the
 * servers' default lifetime (15 min, 60 s in refresh mode), not at the lab's short test credential,
 * which the footnote names as the method. The x axis is logarithmic, with "immediate" at its left.
 */
import type { Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { unreliableWarnings } from '../results/warnings.js'
import { escapeHtml } from '../render/escape.js'
import { deploymentLifetime, labCredential } from './lifetimes.js'
import { hotReadRatios } from './requirements.js'
import { spreadLabels } from '../render/svg-scatter.js'
import { intervalName } from './told-apart.js'

export interface TradeoffPoint {
  readonly variant: string
  /** Seconds a revoked credential keeps working in a deployment; 0: refused at once. */
  readonly windowS: number
  /** True when the window is the default lifetime rather than a measured one. */
  readonly untilExpiry: boolean
  readonly ratio: Spread
}

/** One point per variant the revocation stage measured and the hot read loaded. */
export function tradeoffPoints(results: LabResults): TradeoffPoint[] {
  const ratios = hotReadRatios(results)
  const runs = results.revocation?.runs ?? []
  return [...new Set(runs.map((run) => run.variant))].flatMap((variant) => {
    const ratio = ratios.get(variant)
    if (!ratio) return []
    const mine = runs.filter((run) => run.variant === variant)
    const lifetime = deploymentLifetime(variant)
    const untilExpiry = mine.some((run) => !run.refused_before_expiry) && lifetime !== undefined
    const measured = Math.max(...mine.map((run) => run.window_ms)) / 1000
    return [{ variant, windowS: untilExpiry ? (lifetime ?? measured) : measured, untilExpiry, ratio }]
  })
}

const [W, H] = [1280, 720]
const PLOT = { left: 110, right: 740, top: 90, bottom: 560 }
const FLOOR_S = 0.01 // "immediate" (0 s) sits here on the log axis
const r1 = (value: number) => Math.round(value * 10) / 10
const txt = (x: number, y: number, content: string, attributes = '') =>
  `<text x="${r1(x)}" y="${r1(y)}"${attributes}>${escapeHtml(content)}</text>`

export function renderTradeoffSvg(results: LabResults, source: string): string {
  const points = tradeoffPoints(results)
  const maxS = Math.max(1000, ...points.map((point) => point.windowS))
  const decades = Math.ceil(Math.log10(maxS))
  const x = (seconds: number) =>
    PLOT.left +
    ((PLOT.right - PLOT.left) * (Math.log10(Math.max(seconds, FLOOR_S)) - Math.log10(FLOOR_S))) /
      (decades - Math.log10(FLOOR_S))
  const top = Math.max(1, ...points.map((point) => (point.ratio.ci95 ? point.ratio.ci95[1] : point.ratio.q3)))
  const y = (ratio: number) => PLOT.bottom - ((PLOT.bottom - PLOT.top) * ratio) / top
  const xTicks = Array.from({ length: decades - Math.log10(FLOOR_S) + 1 }, (_, index) => FLOOR_S * 10 ** index)
  const yTicks = Array.from({ length: Math.floor(top / 0.2) + 1 }, (_, index) => Math.round(index * 0.2 * 10) / 10)
  const grid = [
    ...xTicks.map(
      (tick) =>
        `<line x1="${r1(x(tick))}" x2="${r1(x(tick))}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#e3e3e3"/>` +
        txt(x(tick), PLOT.bottom + 28, tick === FLOOR_S ? 'immediate' : `${tick} s`, ' text-anchor="middle"'),
    ),
    ...yTicks.map(
      (tick) =>
        `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${r1(y(tick))}" y2="${r1(y(tick))}" stroke="#e3e3e3"/>` +
        txt(PLOT.left - 12, y(tick) + 6, `${tick.toFixed(1)}×`, ' text-anchor="end"'),
    ),
  ]
  const ordered = [...points].sort((a, b) => y(a.ratio.median) - y(b.ratio.median))
  const labelYs = spreadLabels(
    ordered.map((point) => y(point.ratio.median)),
    22,
    PLOT.top,
    PLOT.bottom,
  )
  const marks = ordered.map((point, rank) => {
    const [cx, cy] = [x(point.windowS), y(point.ratio.median)]
    const [low, high] = point.ratio.ci95 ? point.ratio.ci95 : [point.ratio.q1, point.ratio.q3]
    const colour = point.untilExpiry ? '#C0392B' : point.windowS > 0 ? '#D68910' : '#1F6FB2'
    const ly = labelYs[rank] ?? cy
    return (
      `<g class="mark" data-variant="${escapeHtml(point.variant)}" data-window-s="${point.windowS}" data-ratio="${point.ratio.median}">` +
      `<line x1="${r1(cx)}" x2="${r1(cx)}" y1="${r1(y(low))}" y2="${r1(y(high))}" stroke="${colour}" stroke-width="4"/>` +
      `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="9" fill="${colour}"/>` +
      `<path d="M${r1(cx + 11)} ${r1(cy)}L${PLOT.right + 22} ${r1(ly)}" stroke="${colour}" stroke-width="1" fill="none"/>` +
      txt(PLOT.right + 28, ly + 5, point.variant, ' font-size="15"') +
      `</g>`
    )
  })
  const interval = points[0] ? intervalName(points[0].ratio) : 'IQR'
  const unreliable = unreliableWarnings(results).length
  const notes = [
    `Bars: the ${interval === 'IQR' ? 'interquartile range' : '95% interval of the median'}; points closer than their bars are not told apart.`,
    'Blue: refused at once on every replica; amber: a cache window on another replica; red: until the token expires.',
    `Windows at the servers' default lifetimes (method: ${labCredential(results)}). Run ${results.started_at}, ${source}.`,
  ]
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="20" fill="#111">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    txt(PLOT.left, 44, 'What prompt revocation costs', ' font-size="30" font-weight="700"'),
    txt(
      PLOT.left,
      74,
      'hot-read requests/s as a share of no auth, against how long a revoked credential keeps working',
      ' font-size="18" fill="#555"',
    ),
    ...(unreliable
      ? [
          txt(
            W - 40,
            44,
            'measurement unreliable: do not quote',
            ' font-size="20" font-weight="700" fill="#C0392B" text-anchor="end"',
          ),
        ]
      : []),
    ...grid,
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#111"/>`,
    `<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#111"/>`,
    txt(
      (PLOT.left + PLOT.right) / 2,
      PLOT.bottom + 60,
      'revoked credential keeps working (log scale)',
      ' text-anchor="middle" font-weight="600"',
    ),
    `<text transform="translate(36 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle" font-weight="600">req/s ratio to no auth</text>`,
    ...marks,
    ...notes.map((note, index) => txt(PLOT.left, H - 70 + index * 22, note, ' font-size="15" fill="#555"')),
    '</svg>',
    '',
  ].join('\n')
}
