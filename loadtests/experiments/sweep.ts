import { aggregateBursts } from '../results/aggregate.js'
import type { BurstSection, RunOptions } from '../results/results-types.js'
import type { BurstTarget } from '../runner/burst.js'
import type { Progress } from '../runner/progress.js'
import type { RedisProbe } from '../runner/redis-stats.js'
import type { RoundsPlan } from '../runner/rounds.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { readPlan, readPlanSeconds } from './throughput.js'

/** One plan per connection count: the hot read, measured as the throughput stage measures it. */
const sweepPlans = (options: RunOptions, baseline: string): RoundsPlan[] =>
  options.sweep_connections.map((connections) => ({
    label: `sweep ${connections} connections`,
    scenario: SCENARIOS['hot-read'],
    connections,
    durationS: options.sweep_burst_s,
    rounds: options.sweep_rounds,
    baseline,
    ...(options.pre_burst_s && { preBurstS: options.pre_burst_s }),
    ...(options.engine && { engine: options.engine }),
  }))

/**
 * Does the ordering hold as concurrency grows? The hot read at each connection count, with its own
 * rounds, so every ratio compares servers at the same load. A store round trip that hides behind
 * other requests at 32 connections shows up at 1. Like the hot read, in blocks visited twice in
 * mirrored order (runBlocks), the baseline between every two bursts, every burst after its pre-burst.
 */
export async function runSweep(
  targets: readonly BurstTarget[],
  options: RunOptions,
  baseline: string,
  redis: RedisProbe | undefined,
  progress: Progress,
): Promise<BurstSection> {
  const samples = []
  for (const plan of sweepPlans(options, baseline))
    samples.push(...(await readPlan(targets, plan, options, redis, progress)))
  return { samples, aggregates: aggregateBursts(samples, baseline) }
}

export const sweepSeconds = (options: RunOptions, targets: readonly BurstTarget[], baseline: string) =>
  sweepPlans(options, baseline).reduce((sum, plan) => sum + readPlanSeconds(targets, plan, options), 0)
