import { aggregateBursts } from '../results/aggregate.js'
import type { BurstSection, RunOptions } from '../results/results-types.js'
import type { BurstTarget } from '../runner/burst.js'
import type { Progress } from '../runner/progress.js'
import type { RedisProbe } from '../runner/redis-stats.js'
import { runRounds } from '../runner/rounds.js'
import { SCENARIOS } from '../scenarios/scenarios.js'

/**
 * Does the ordering hold as concurrency grows? The hot read at each connection count, with its own
 * rounds, so every ratio compares servers at the same load. A store round trip that hides behind
 * other requests at 32 connections shows up at 1.
 */
export async function runSweep(
  targets: readonly BurstTarget[],
  options: RunOptions,
  baseline: string,
  redis: RedisProbe | undefined,
  progress: Progress,
): Promise<BurstSection> {
  const samples = []
  for (const connections of options.sweep_connections) {
    const plan = {
      label: `sweep ${connections} connections`,
      scenario: SCENARIOS['hot-read'],
      connections,
      durationS: options.sweep_burst_s,
      rounds: options.sweep_rounds,
    }
    samples.push(...(await runRounds(targets, plan, redis, progress)))
  }
  return { samples, aggregates: aggregateBursts(samples, baseline) }
}

export const sweepSeconds = (options: RunOptions, targets: number) =>
  targets * options.sweep_connections.length * options.sweep_rounds * options.sweep_burst_s
