import { aggregateBursts } from '../results/aggregate.js'
import type { BurstSection, RunOptions } from '../results/results-types.js'
import type { BurstTarget } from '../runner/burst.js'
import type { Progress } from '../runner/progress.js'
import type { RedisProbe } from '../runner/redis-stats.js'
import { blocksSeconds, roundsSeconds, runBlocks, runRounds, type RoundsPlan } from '../runner/rounds.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { convergedOn } from '../results/convergence.js'
import { comparedGroups } from '../results/self-check.js'

interface ThroughputPlan extends RoundsPlan {
  readonly targets: readonly BurstTarget[]
}

/**
 * The plans, in the order they run. The hot read holds every variant of the run in ONE plan: the
 * same burst length, the same rounds, the same blocks with the baseline. Two variants doing
 * the same work must measure alike, and they only do when they are measured alike: when the
 * revocation variants had rounds of their own, later and shorter, after minutes idle, jwt and its
 * refresh mode (identical work on this route) read 0.48 and 0.37. The realistic read and the login
 * storm load the main set only (the revocation variants are priced on the hot read). The reads
 * put the baseline between every two bursts (see runThroughput); the login storm does not: there
 * the password hash sets the price, far above any drift, and interleaving would double the longest
 * bursts of the run.
 */
export function throughputPlans(
  targets: readonly BurstTarget[],
  options: RunOptions,
  baseline: string,
  hotReadOnly: ReadonlySet<string>,
): ThroughputPlan[] {
  const main = targets.filter((target) => !hotReadOnly.has(target.variant))
  const read = {
    connections: options.connections,
    durationS: options.burst_s,
    baseline,
    preBurstS: options.pre_burst_s,
    ...(options.engine && { engine: options.engine }),
  }
  const plans: ThroughputPlan[] = [
    {
      label: 'throughput hot-read',
      targets,
      scenario: SCENARIOS['hot-read'],
      rounds: options.rounds,
      // The headline: rounds are added until every ratio's 95% interval is within ±0.05, or the
      // profile's most rounds are spent (the warnings then name what did not converge).
      ...(options.max_rounds !== undefined && { maxRounds: options.max_rounds, converged: convergedOn(baseline) }),
      ...read,
    },
    {
      label: 'throughput realistic-read',
      targets: main,
      scenario: SCENARIOS['realistic-read'],
      rounds: options.realistic_rounds,
      ...read,
    },
    {
      label: 'throughput login-storm',
      targets: main,
      scenario: SCENARIOS['login-storm'],
      connections: SCENARIOS['login-storm'].connections,
      durationS: options.login_burst_s,
      rounds: options.login_rounds,
      // A login burst lasts several hashes: the first is no slower for an idle server than the rest.
    },
  ]
  return plans.filter((plan) => plan.rounds > 0 && plan.targets.length > 0)
}

/** The variants the self-check compares share a block (runner/rounds.ts, runBlocks). */
const groupsOf = (targets: readonly BurstTarget[]) => comparedGroups(targets.map((target) => target.variant))

/** A read plan in blocks or in rounds, as `options.read_order` says (the login storm always runs rounds). */
export const readPlan = (
  targets: readonly BurstTarget[],
  plan: RoundsPlan,
  options: RunOptions,
  redis: RedisProbe | undefined,
  progress: Progress,
) =>
  options.read_order === 'blocks'
    ? runBlocks(targets, plan, options.warmup_s, redis, progress, groupsOf(targets))
    : runRounds(targets, plan, redis, progress)

/** What readPlan costs in seconds of load at the most rounds. */
export const readPlanSeconds = (targets: readonly BurstTarget[], plan: RoundsPlan, options: RunOptions) =>
  options.read_order === 'blocks'
    ? blocksSeconds(targets, plan, options.warmup_s, groupsOf(targets))
    : roundsSeconds(targets, plan)

/**
 * How much does each strategy cost a server, relative to no auth at all? The hot read makes auth the
 * largest share of the work, the realistic read dilutes it with a real payload, and the login storm
 * shows that the password hash, not the credential format, sets the price of a login.
 *
 * The reads run in blocks (runBlocks): a block per variant, or per group of variants the self-check
 * compares (groupsOf), its servers warmed right before (they idled since the warm-up stage or the
 * plan before), then its bursts with the baseline between every two, so that no server is measured
 * after idling through the others' bursts while the baseline never idles; every block twice, in
 * mirrored order. The login storm runs rounds through every server.
 */
export async function runThroughput(
  targets: readonly BurstTarget[],
  options: RunOptions,
  baseline: string,
  redis: RedisProbe | undefined,
  progress: Progress,
  /** Variants loaded in the hot read only (to price revocation variants without tripling the run). */
  hotReadOnly: ReadonlySet<string> = new Set(),
): Promise<BurstSection> {
  const samples = []
  for (const { targets: planTargets, ...plan } of throughputPlans(targets, options, baseline, hotReadOnly))
    samples.push(...(await readPlan(planTargets, plan, options, redis, progress)))
  return { samples, aggregates: aggregateBursts(samples, baseline) }
}

/** Planned seconds of load, for the progress estimate. */
export function throughputSeconds(
  targets: readonly BurstTarget[],
  options: RunOptions,
  baseline: string,
  hotReadOnly: ReadonlySet<string>,
): number {
  // Adaptive rounds count at their most: the progress line's estimate is an upper bound.
  return throughputPlans(targets, options, baseline, hotReadOnly).reduce(
    (sum, plan) => sum + readPlanSeconds(plan.targets, plan, options),
    0,
  )
}
