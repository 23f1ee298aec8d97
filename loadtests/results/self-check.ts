import { identicalWorkPairs } from '../../servers/registry.js'
import type { BurstSection, ScenarioAggregate } from './results-types.js'

/** What every self-check warning starts with; the summary, report, guide and ADR open with these. */
export const UNRELIABLE = 'measurement unreliable:'

/**
 * The smallest difference between two ratios worth reporting. A self-check never fires below it,
 * even when the run's noise floor came out narrower by chance.
 */
export const SMALLEST_EFFECT = 0.05

/**
 * How far apart two medians may sit before the run calls itself unreliable: the width of the
 * baseline's own interquartile range against its neighbours (nothing differs there but the
 * machine), and never less than SMALLEST_EFFECT.
 */
export function selfCheckTolerance(aggregate: ScenarioAggregate): number {
  const floor = aggregate.noise_floor
  return Math.max(SMALLEST_EFFECT, floor ? floor.q3 - floor.q1 : 0)
}

/** A variant id without its in-process cache flags: the store the cache saves (`session:cache-ttl=1000` → `session`). */
export function cacheParent(variant: string): string | undefined {
  const [strategy, flags = ''] = variant.split(':', 2)
  const pairs = flags.split(',').filter(Boolean)
  const kept = pairs.filter((pair) => !pair.startsWith('cache-ttl=') && !pair.startsWith('invalidation='))
  if (kept.length === pairs.length) return undefined
  return kept.length ? `${strategy}:${kept.join(',')}` : strategy
}

const two = (value: number) => value.toFixed(2)

/**
 * The run checks itself on the hot read, before anyone reads a number from it:
 * - pairs the registry declares identical work (jwt and its refresh mode) must read alike;
 * - a cached variant must read at least as fast as the store it saves (a cache that reads slower
 *   is a broken cache or a broken measurement: either way, not a finding).
 * Each failed check is a warning that starts with UNRELIABLE.
 */
export function selfCheck(throughput: BurstSection | undefined, pairs = identicalWorkPairs()): string[] {
  const hot = throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
  if (!hot) return []
  const tolerance = selfCheckTolerance(hot)
  const ratio = (variant: string) => hot.variants.find((entry) => entry.variant === variant)?.rps_ratio?.median
  const within = `(hot read, medians over rounds; the run's tolerance is ${two(tolerance)})`
  const warnings: string[] = []
  for (const [a, b] of pairs) {
    const [ratioA, ratioB] = [ratio(a), ratio(b)]
    if (ratioA === undefined || ratioB === undefined || Math.abs(ratioA - ratioB) <= tolerance) continue
    warnings.push(`${UNRELIABLE} ${a} ${two(ratioA)} vs ${b} ${two(ratioB)}, identical work ${within}.`)
  }
  for (const entry of hot.variants) {
    const parent = cacheParent(entry.variant)
    const [cached, stored] = [entry.rps_ratio?.median, parent === undefined ? undefined : ratio(parent)]
    if (cached === undefined || stored === undefined || cached >= stored - tolerance) continue
    warnings.push(
      `${UNRELIABLE} ${entry.variant} ${two(cached)} reads slower than ${parent} ${two(stored)}, the store its cache saves ${within}.`,
    )
  }
  return warnings
}
