import { BASELINE, identicalWorkPairs } from '../../servers/registry.js'
import { ratioToBaseline } from './aggregate.js'
import type { BurstSample, BurstSection, ScenarioAggregate } from './results-types.js'
import { median, medianInterval95 } from './statistics.js'

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
 * The variants among `variants` that the self-check compares with each other, in groups: the twins
 * of identical work, and each cached variant with the store it saves, joined (a store with two caches
 * is one group). The reads load a group in one block (runner/rounds.ts, runBlocks), so that each
 * comparison is between bursts seconds apart, never minutes.
 */
export function comparedGroups(variants: readonly string[], pairs = identicalWorkPairs()): string[][] {
  const links = [
    ...pairs,
    ...variants.flatMap((variant): [string, string][] => {
      const parent = cacheParent(variant)
      return parent === undefined ? [] : [[variant, parent]]
    }),
  ].filter(([a, b]) => variants.includes(a) && variants.includes(b))
  const groups: string[][] = []
  for (const [a, b] of links) {
    const joined = groups.filter((group) => group.includes(a) || group.includes(b))
    const merged = [...new Set([...joined.flat(), a, b])]
    groups.splice(0, groups.length, ...groups.filter((group) => !joined.includes(group)), merged)
  }
  return groups
}

/**
 * How two variants of one plan compare round by round: for each round both have a ratio in, a's
 * minus b's (each against its own neighbouring baseline bursts), a variant's k-th burst being its
 * k-th round's. When each round went through every variant, both sat in the same round and what
 * drifts between rounds cancels out of the difference. When the reads ran in blocks
 * (`options.read_order`), the variants compared share their blocks (comparedGroups), each with one
 * burst per pass, so a's k-th burst and b's are in the same pass of the same block, seconds apart.
 */
export function pairedDifferences(
  samples: readonly BurstSample[],
  a: string,
  b: string,
  baseline = BASELINE,
): number[] {
  const byRound = (variant: string) => {
    const ratios = new Map<number, number>()
    for (const [round, sample] of samples.filter((each) => each.variant === variant).entries()) {
      const ratio = ratioToBaseline(samples, sample, baseline, (each) => each.rps)
      if (ratio !== undefined) ratios.set(round, ratio)
    }
    return ratios
  }
  const [ratiosA, ratiosB] = [byRound(a), byRound(b)]
  return [...ratiosA].flatMap(([round, ratio]) => {
    const other = ratiosB.get(round)
    return other === undefined ? [] : [ratio - other]
  })
}

/**
 * Whether a's ratio sits below b's by more than the run's noise can explain. With 6 rounds or more
 * the rounds decide: the median of the per-round differences must be past the smallest effect and
 * its 95% interval must leave out zero (a chance gap between two medians of 7 rounds reaches 0.09
 * here about one run in ten; a difference that every round agrees on does not come by chance).
 * With fewer rounds, the medians against the tolerance. The words say which was used.
 */
function readsBelow(
  hot: ScenarioAggregate,
  samples: readonly BurstSample[],
  a: string,
  b: string,
  tolerance: number,
): string | undefined {
  const differences = pairedDifferences(samples, a, b).sort((x, y) => x - y)
  const interval = medianInterval95(differences)
  if (interval) {
    const middle = median(differences)
    if (middle >= -SMALLEST_EFFECT || interval[1] >= 0) return undefined
    return `per round ${two(-middle)} lower, 95% interval ${two(-interval[1])}-${two(-interval[0])}, over ${differences.length} rounds`
  }
  const ratio = (variant: string) => hot.variants.find((entry) => entry.variant === variant)?.rps_ratio?.median
  const [ratioA, ratioB] = [ratio(a), ratio(b)]
  if (ratioA === undefined || ratioB === undefined || ratioA >= ratioB - tolerance) return undefined
  return `medians over ${differences.length || 'too few'} rounds; the run's tolerance is ${two(tolerance)}`
}

/**
 * The run checks itself on the hot read, before anyone reads a number from it:
 * - pairs the registry declares identical work (jwt and its refresh mode) must read alike;
 * - a cached variant must read at least as fast as the store it saves (a cache that reads slower
 *   is a broken cache or a broken measurement: either way, not a finding).
 * Each failed check is a warning that starts with UNRELIABLE.
 */
export function selfCheck(throughput: BurstSection | undefined, pairs = identicalWorkPairs()): string[] {
  const hot = throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
  if (!throughput || !hot) return []
  const samples = throughput.samples.filter(
    (sample) => sample.scenario === hot.scenario && sample.connections === hot.connections,
  )
  const tolerance = selfCheckTolerance(hot)
  const ratio = (variant: string) => hot.variants.find((entry) => entry.variant === variant)?.rps_ratio?.median
  const warnings: string[] = []
  for (const [a, b] of pairs) {
    const [ratioA, ratioB] = [ratio(a), ratio(b)]
    if (ratioA === undefined || ratioB === undefined) continue
    const [low, high] = ratioA <= ratioB ? [a, b] : [b, a]
    const how = readsBelow(hot, samples, low, high, tolerance)
    if (how)
      warnings.push(`${UNRELIABLE} ${a} ${two(ratioA)} vs ${b} ${two(ratioB)}, identical work (hot read; ${how}).`)
  }
  for (const entry of hot.variants) {
    const parent = cacheParent(entry.variant)
    const [cached, stored] = [entry.rps_ratio?.median, parent === undefined ? undefined : ratio(parent)]
    if (cached === undefined || stored === undefined || parent === undefined) continue
    const how = readsBelow(hot, samples, entry.variant, parent, tolerance)
    if (how) {
      warnings.push(
        `${UNRELIABLE} ${entry.variant} ${two(cached)} reads slower than ${parent} ${two(stored)}, the store its cache saves (hot read; ${how}).`,
      )
    }
  }
  return warnings
}
