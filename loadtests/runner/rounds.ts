import type { Scenario } from '../scenarios/scenarios.js'
import type { BurstSample } from '../results/results-types.js'
import { runBurst, type BurstTarget } from './burst.js'
import type { Progress } from './progress.js'
import type { RedisProbe } from './redis-stats.js'

export interface RoundsPlan {
  readonly label: string
  readonly scenario: Scenario
  readonly connections: number
  readonly durationS: number
  readonly rounds: number
}

/** Fisher-Yates: every order equally likely, so no server always runs right after a slow one. */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1))
    ;[copy[index], copy[other]] = [copy[other] as T, copy[index] as T]
  }
  return copy
}

/**
 * Rounds of short bursts across warm servers, one server under load at a time, in a new order each
 * round. Short bursts close together see nearly the same machine speed, which is what makes a
 * within-round ratio stable on a machine whose speed drifts from one second to the next.
 */
export async function runRounds(
  targets: readonly BurstTarget[],
  plan: RoundsPlan,
  redis: RedisProbe | undefined,
  progress: Progress,
): Promise<BurstSample[]> {
  const samples: BurstSample[] = []
  for (let round = 0; round < plan.rounds; round += 1) {
    const order = shuffled(targets)
    for (const [position, target] of order.entries()) {
      progress.step(`${plan.label}: round ${round + 1}/${plan.rounds}, ${target.variant} (${position + 1}/${order.length})`, plan.durationS)
      const sample = await runBurst(target, { scenario: plan.scenario, connections: plan.connections, durationS: plan.durationS, round, position }, redis)
      if (!sample.valid) progress.note(`invalid burst, left out: ${sample.invalid_reason}`)
      samples.push(sample)
    }
  }
  return samples
}
