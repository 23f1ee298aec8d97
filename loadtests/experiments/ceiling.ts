import type { BurstSection, CeilingSection, RunOptions } from '../results/results-types.js'
import { warmUp, type BurstTarget } from '../runner/burst.js'
import type { Progress } from '../runner/progress.js'
import { runRounds } from '../runner/rounds.js'
import type { ServerProcess } from '../runner/server-process.js'
import { spreadOf } from '../results/statistics.js'
import { SCENARIOS } from '../scenarios/scenarios.js'

export const CEILING_VARIANT = 'ceiling (bare node:http)'

/** What the load generator can do at most here: the hot read against a server that does nothing. */
export async function runCeiling(
  server: ServerProcess,
  options: RunOptions,
  progress: Progress,
): Promise<CeilingSection> {
  const scenario = SCENARIOS['hot-read']
  const target: BurstTarget = {
    variant: CEILING_VARIANT,
    url: server.url,
    pid: server.pid,
    credential: { tokenType: 'None', headers: {}, bytes: 0, expiresInS: 0 },
    usesRedis: false,
  }
  progress.step('ceiling: warm-up', options.warmup_s)
  await warmUp(target, scenario, options.connections, options.warmup_s)
  const plan = {
    label: 'ceiling',
    scenario,
    connections: options.connections,
    durationS: options.burst_s,
    rounds: options.ceiling_bursts,
    // The ceiling belongs to the load generator: measure the one the run loads with.
    ...(options.engine && { engine: options.engine }),
  }
  const samples = await runRounds([target], plan, undefined, progress)
  return {
    scenario: scenario.name,
    connections: options.connections,
    samples,
    rps: spreadOf(samples.filter((sample) => sample.valid).map((sample) => sample.rps)),
    near_ceiling: [],
  }
}

/**
 * Variants whose hot-read median comes within 2x of the ceiling. There the load generator, which
 * shares the machine, is a large part of what limits the number, so the ratio understates costs.
 */
export function nearCeiling(ceiling: CeilingSection, throughput: BurstSection | undefined): string[] {
  const limit = ceiling.rps?.median
  const hot = throughput?.aggregates.find(
    (entry) => entry.scenario === ceiling.scenario && entry.connections === ceiling.connections,
  )
  if (!limit || !hot) return []
  return hot.variants.filter((entry) => (entry.rps?.median ?? 0) * 2 >= limit).map((entry) => entry.variant)
}

export const ceilingSeconds = (options: RunOptions) => options.warmup_s + options.ceiling_bursts * options.burst_s
