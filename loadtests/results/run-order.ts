import type { RunResults } from './results-types.js'

/** Variants in the order the run declared them (baseline first), not the shuffled order of a round. */
export function byRunOrder<T>(
  results: Pick<RunResults, 'variants'>,
  items: readonly T[],
  variantOf: (item: T) => string,
): T[] {
  const order = results.variants.map((variant) => variant.id)
  const rank = (variant: string) => (order.includes(variant) ? order.indexOf(variant) : order.length)
  return [...items].sort((a, b) => rank(variantOf(a)) - rank(variantOf(b)))
}
