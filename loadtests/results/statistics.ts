import type { Spread } from './results-types.js'

/** Linear-interpolation quantile (R's type 7, what numpy and spreadsheets use) of sorted values. */
function quantileOfSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const low = sorted[below] ?? NaN
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? NaN
  return low + (high - low) * (position - below)
}

/** The q-quantile (0.99 for the p99) of unsorted values; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  return quantileOfSorted(
    [...values].sort((a, b) => a - b),
    q,
  )
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

/** Sample standard deviation over the mean; 0 for fewer than two values. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < 2) return 0
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1)
  return mean === 0 ? 0 : Math.sqrt(variance) / mean
}

/**
 * Median and interquartile range rather than mean and standard deviation: on a machine whose CPU
 * speed drifts, one slow burst should move the answer as little as possible. Null for no values.
 */
export function spreadOf(values: readonly number[]): Spread | null {
  const finite = values.filter((value) => Number.isFinite(value))
  if (finite.length === 0) return null
  const sorted = [...finite].sort((a, b) => a - b)
  return {
    median: quantileOfSorted(sorted, 0.5),
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    cv: coefficientOfVariation(sorted),
    n: sorted.length,
  }
}
