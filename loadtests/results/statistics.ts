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

/** P(X <= k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n // P(X = 0)
  let sum = term
  for (let i = 1; i <= k; i += 1) {
    term = (term * (n - i + 1)) / i
    sum += term
  }
  return sum
}

/**
 * A 95% confidence interval of the median from order statistics, assuming nothing about the
 * distribution: [x(k), x(n+1-k)] for the largest k whose coverage, 1 - 2·P(Bin(n, ½) ≤ k-1), is
 * still at least 95%. Null below 6 values: even [min, max] then covers the median less often than
 * that (5 values: 93.8%), and a narrower-looking interval would claim what the data cannot.
 */
export function medianInterval95(sorted: readonly number[]): [number, number] | null {
  const n = sorted.length
  let k = 0
  while (k + 1 <= n / 2 && 1 - 2 * binomialHalfCdf(n, k) >= 0.95) k += 1
  if (k === 0) return null
  return [sorted[k - 1] as number, sorted[n - k] as number]
}

/** Whether two closed intervals `[low, high]` share a point: what "their intervals overlap" means here. */
export const intervalsMeet = (a: readonly [number, number], b: readonly [number, number]): boolean =>
  a[0] <= b[1] && b[0] <= a[1]

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
    ci95: medianInterval95(sorted),
  }
}
