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

/** Whether `done` rounds are enough: the plan's least, then (adaptive) its most or until converged. */
const enough = (plan: RoundsPlan, samples: readonly BurstSample[], done: number) =>
  done >= plan.rounds && (done >= (plan.maxRounds ?? plan.rounds) || (plan.converged?.(samples) ?? true))

/** A round's place for the progress line: `2/6`, or `7/6+, up to 20` past the least. */
const roundOf = (plan: RoundsPlan, round: number) =>
  `${round + 1}/${round < plan.rounds ? plan.rounds : `${plan.rounds}+, up to ${plan.maxRounds}`}`

/** One measured burst of a plan at its place (round and position), with its progress line. */
async function measureBurst(
  target: BurstTarget,
  plan: RoundsPlan,
  place: { readonly round: number; readonly position: number; readonly step: string },
  redis: RedisProbe | undefined,
  progress: Progress,
  measure: typeof runBurst,
): Promise<BurstSample> {
  progress.step(place.step, plan.durationS + (plan.preBurstS ?? 0))
  const { scenario, connections, durationS, preBurstS, engine } = plan
  const sample = await measure(
    target,
    {
      scenario,
      connections,
      durationS,
      round: place.round,
      position: place.position,
      ...(preBurstS && { preBurstS }),
      ...(engine && { engine }),
    },
    redis,
  )
  if (!sample.valid) progress.note(`invalid burst, left out: ${sample.invalid_reason}`)
  return sample
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
  for (let round = 0; !enough(plan, samples, round); round += 1) {
    const order = roundOrder(targets, plan.baseline)
    for (const [position, target] of order.entries()) {
      const step = `${plan.label}: round ${roundOf(plan, round)}, ${target.variant} (${position + 1}/${order.length})`
      samples.push(await measureBurst(target, plan, { round, position, step }, redis, progress, measure))
    }
  }
  return samples
}

/**
 * One block: the baseline and one server's targets alternating (B, x, B, y, B, x, …), `rounds`
 * passes over the targets, each in a new order (more passes, up to `maxRounds`, until `converged`),
 * every burst numbered `block` as its round, so that a ratio is only ever taken against the baseline
 * bursts of its own block (aggregate.ts pairs within a round).
 *
 * Why blocks rather than rounds through every server: the baseline runs between every two bursts,
 * so it never idles, and a server that idles reads slower when it is loaded again. Measured here
 * (2026-12-07, one round through 8 variants' 42 targets): a burst whose server had idled 30-60 s read
 * 0.85 of that target's median, one whose server had run 15 s before or less 1.07-1.10, and the
 * 0.25 s pre-burst 0.56 and 0.73-0.88 of the burst after it. So a ratio fell with the number of
 * servers in a round, and a run of more variants read every variant lower. In a block every burst
 * of the server comes two bursts after its last one, as the baseline's does. The refusal stage
 * runs its variants so; the load stages still run rounds through every variant (a try with blocks
 * made the self-check fire: a cache read slower than its store, not yet explained).
 */
export async function runBlock(
  baseline: BurstTarget,
  targets: readonly BurstTarget[],
  plan: RoundsPlan,
  block: number,
  redis: RedisProbe | undefined,
  progress: Progress,
  /** What one burst is: real load by default; a test hands in a synthetic source. */
  measure: typeof runBurst = runBurst,
): Promise<BurstSample[]> {
  const samples: BurstSample[] = []
  const burst = async (target: BurstTarget, pass: number) => {
    const step = `${plan.label}: round ${roundOf(plan, pass)}, ${target.variant}`
    samples.push(
      await measureBurst(target, plan, { round: block, position: samples.length, step }, redis, progress, measure),
    )
  }
  await burst(baseline, 0)
  for (let pass = 0; !enough(plan, samples, pass); pass += 1) {
    for (const target of shuffled(targets)) {
      await burst(target, pass)
      await burst(baseline, pass)
    }
  }
  return samples
}

/** What one block costs in seconds of load at its most passes: the baseline and every target's bursts. */
export const blockSeconds = (
  targetCount: number,
  plan: Pick<RoundsPlan, 'rounds' | 'maxRounds' | 'durationS' | 'preBurstS'>,
) => (1 + 2 * targetCount * (plan.maxRounds ?? plan.rounds)) * (plan.durationS + (plan.preBurstS ?? 0))
