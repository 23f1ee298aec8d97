/**
 * When two hot-read ratios may be ranked (issue 29): only when their intervals say so. A ranking
 * names the interval it used, and variants closer than it are "not told apart", never ordered.
 * The interval is the 95% interval of the median when the run has one (adaptive rounds give it to
 * every ratio), else the interquartile range together with the baseline's noise floor, as before.
 */
import type { Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { unreliableWarnings, WIDE_IQR } from '../results/warnings.js'
import { formatIqr } from '../render/format.js'
import { intervalsMeet } from '../results/statistics.js'
import { costScenario } from './report-data.js'

/** Which interval a ratio is ranked by: `95% interval` when it has one, else `IQR`. */
export const intervalName = (spread: Spread): '95% interval' | 'IQR' => (spread.ci95 ? '95% interval' : 'IQR')

/** `0.77× [95% interval 0.74–0.80]` or `0.77× [IQR 0.75–0.85]`: a ranked ratio names its interval. */
export function formatRanked(spread: Spread): string {
  const interval = spread.ci95 ? `${spread.ci95[0].toFixed(2)}–${spread.ci95[1].toFixed(2)}` : formatIqr(spread)
  return `${spread.median.toFixed(2)}× [${intervalName(spread)} ${interval}]`
}

/**
 * True when a and b differ by more than the run can resolve. Both with a 95% interval: the
 * intervals do not overlap. Otherwise the interquartile ranges must not overlap, and the medians must
 * sit further apart than the width of the baseline's noise floor (the baseline against itself).
 */
export function toldApart(a: Spread, b: Spread, floor?: Spread | null): boolean {
  if (a.ci95 && b.ci95) return !intervalsMeet(a.ci95, b.ci95)
  const overlap = intervalsMeet([a.q1, a.q3], [b.q1, b.q3])
  const floorWidth = floor ? floor.q3 - floor.q1 : 0
  return !overlap && Math.abs(a.median - b.median) > floorWidth
}

/**
 * The hot-read ratios a ranking may use: none when the run contradicts itself (its self-check's
 * "measurement unreliable" warnings: do not quote its throughput), and never one whose spread the
 * run itself warned is too wide to rank (warnings.ts, WIDE_IQR).
 */
export function rankableRatios(results: LabResults): Map<string, Spread> {
  const hot = costScenario(results)
  if (!hot || unreliableWarnings(results).length) return new Map()
  return new Map(
    hot.variants.flatMap((entry) =>
      entry.variant !== results.baseline && entry.rps_ratio && entry.rps_ratio.q3 - entry.rps_ratio.q1 <= WIDE_IQR
        ? [[entry.variant, entry.rps_ratio] as const]
        : [],
    ),
  )
}

/** The hot read's noise floor (the baseline against itself), for toldApart. */
export const hotReadFloor = (results: LabResults): Spread | null | undefined => costScenario(results)?.noise_floor
