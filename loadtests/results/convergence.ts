import { aggregateBursts } from './aggregate.js'
import type { BurstSample, ScenarioAggregate } from './results-types.js'

/** How precise a ratio must be before the hot read stops adding rounds: a 95% interval within ±0.05. */
export const TARGET_HALF_WIDTH = 0.05

/** Half the width of a ratio's 95% interval; Infinity while there is none (fewer than 6 rounds). */
const halfWidth = (entry: ScenarioAggregate['variants'][number]) =>
  entry.rps_ratio?.ci95 ? (entry.rps_ratio.ci95[1] - entry.rps_ratio.ci95[0]) / 2 : Infinity

/** The variants (baseline aside) whose hot-read ratio is not yet within ±TARGET_HALF_WIDTH. */
export function unconverged(aggregate: ScenarioAggregate, baseline: string): string[] {
  return aggregate.variants
    .filter((entry) => entry.variant !== baseline && halfWidth(entry) > TARGET_HALF_WIDTH)
    .map((entry) => entry.variant)
}

/** For RoundsPlan.converged: every ratio of these samples is precise enough. */
export const convergedOn =
  (baseline: string) =>
  (samples: readonly BurstSample[]): boolean =>
    aggregateBursts(samples, baseline).every((aggregate) => unconverged(aggregate, baseline).length === 0)
