import { aggregateBursts } from '../results/aggregate.js'
import type { BurstSection, RunOptions } from '../results/results-types.js'
import type { BurstTarget } from '../runner/burst.js'
import type { Progress } from '../runner/progress.js'
import type { RedisProbe } from '../runner/redis-stats.js'
import { runRounds } from '../runner/rounds.js'
import { SCENARIOS } from '../scenarios/scenarios.js'

/**
 * How much does each strategy cost a server, relative to no auth at all? The hot read makes auth the
 * largest share of the work, the realistic read dilutes it with a real payload, and the login storm
 * shows that the password hash, not the credential format, sets the price of a login.
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
  const main = targets.filter((target) => !hotReadOnly.has(target.variant))
  const plans = [
    { targets, scenario: SCENARIOS['hot-read'], connections: options.connections, durationS: options.burst_s, rounds: options.rounds },
    { targets: main, scenario: SCENARIOS['realistic-read'], connections: options.connections, durationS: options.burst_s, rounds: options.rounds },
    {
      targets: main,
      scenario: SCENARIOS['login-storm'],
      connections: SCENARIOS['login-storm'].connections,
      durationS: options.login_burst_s,
      rounds: options.login_rounds,
    },
  ]
  const samples = []
  for (const { targets: planTargets, ...plan } of plans) {
    samples.push(...(await runRounds(planTargets, { label: `throughput ${plan.scenario.name}`, ...plan }, redis, progress)))
  }
  return { samples, aggregates: aggregateBursts(samples, baseline) }
}

/** Planned seconds of load, for the progress estimate. */
export const throughputSeconds = (options: RunOptions, targets: number, hotReadOnly = 0) =>
  (2 * targets + hotReadOnly) * options.rounds * options.burst_s + targets * options.login_rounds * options.login_burst_s
