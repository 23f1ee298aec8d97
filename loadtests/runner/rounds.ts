import type { Scenario } from '../scenarios/scenarios.js'
import type { BurstSample } from '../results/results-types.js'
import { runBurst, type BurstTarget } from './burst.js'
import type { Engine } from './wrk.js'
import type { Progress } from './progress.js'
import type { RedisProbe } from './redis-stats.js'

export interface RoundsPlan {
  readonly label: string
  readonly scenario: Scenario
  readonly connections: number
  readonly durationS: number
  readonly rounds: number
  /** The variant every ratio is taken against: it runs between every two other bursts. */
  readonly baseline?: string
  /** Unmeasured seconds on the same server right before each measured burst (see BurstPlan). */
  readonly preBurstS?: number
  /** The load generator of the measured bursts (see BurstPlan). */
  readonly engine?: Engine
  /**
   * Adaptive rounds: after `rounds`, more are added, up to `maxRounds`, until `converged` says the
   * samples so far are precise enough (see experiments/convergence.ts).
   */
  readonly maxRounds?: number
  converged?(samples: readonly BurstSample[]): boolean
}

/** What one round costs in seconds of load: every burst in roundOrder, with its pre-burst. */
export const roundSeconds = (
  targets: readonly { readonly variant: string }[],
  plan: Pick<RoundsPlan, 'baseline' | 'durationS' | 'preBurstS'>,
) => roundOrder(targets, plan.baseline).length * (plan.durationS + (plan.preBurstS ?? 0))

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
 * One round's order: the other targets shuffled, with a baseline burst before each and after the
 * last (B, x, B, y, B). Measured here, the machine's speed moves within seconds, so a variant is
 * compared with the mean of the two baseline bursts either side of it, a few seconds apart, rather
 * than with one baseline burst that may have run half a minute earlier. Without a baseline among
 * the targets, just the shuffled targets.
 */
export function roundOrder<T extends { readonly variant: string }>(
  targets: readonly T[],
  baseline: string | undefined,
  random: () => number = Math.random,
): T[] {
  const base = targets.find((target) => target.variant === baseline)
  const others = shuffled(
    targets.filter((target) => target !== base),
    random,
  )
  if (!base || others.length === 0) return shuffled(targets, random)
  return [base, ...others.flatMap((target) => [target, base])]
}

/**
 * Rounds of short bursts across warm servers, one server under load at a time, in a new order each
 * round, the baseline between every two (see roundOrder). Short bursts close together see nearly
 * the same machine speed, which is what makes a ratio stable on a machine whose speed drifts.
 */
export async function runRounds(
  targets: readonly BurstTarget[],
  plan: RoundsPlan,
  redis: RedisProbe | undefined,
  progress: Progress,
  /** What one burst is: real load by default; a test hands in a synthetic source. */
  measure: typeof runBurst = runBurst,
): Promise<BurstSample[]> {
  const samples: BurstSample[] = []
  const enough = (round: number) =>
    round >= plan.rounds && (round >= (plan.maxRounds ?? plan.rounds) || (plan.converged?.(samples) ?? true))
  for (let round = 0; !enough(round); round += 1) {
    const order = roundOrder(targets, plan.baseline)
    const of = round < plan.rounds ? `${plan.rounds}` : `${plan.rounds}+, up to ${plan.maxRounds}`
    for (const [position, target] of order.entries()) {
      progress.step(
        `${plan.label}: round ${round + 1}/${of}, ${target.variant} (${position + 1}/${order.length})`,
        plan.durationS + (plan.preBurstS ?? 0),
      )
      const { scenario, connections, durationS, preBurstS, engine } = plan
      const sample = await measure(
        target,
        {
          scenario,
          connections,
          durationS,
          round,
          position,
          ...(preBurstS && { preBurstS }),
          ...(engine && { engine }),
        },
        redis,
      )
      if (!sample.valid) progress.note(`invalid burst, left out: ${sample.invalid_reason}`)
      samples.push(sample)
    }
  }
  return samples
}
