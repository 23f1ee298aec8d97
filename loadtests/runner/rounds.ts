import type { Scenario } from '../scenarios/scenarios.js'
import type { BurstSample } from '../results/results-types.js'
import { runBurst, warmUp, type BurstTarget } from './burst.js'
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

/** What runRounds costs in seconds of load at its most rounds. */
export const roundsSeconds = (
  targets: readonly { readonly variant: string }[],
  plan: Pick<RoundsPlan, 'baseline' | 'rounds' | 'maxRounds' | 'durationS' | 'preBurstS'>,
) => (plan.maxRounds ?? plan.rounds) * roundSeconds(targets, plan)

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
 * of a server comes a few bursts after its last one (two with one target, twice as many as its
 * targets with more), never a minute.
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

/**
 * The targets but the baseline in groups: the variants named together in `together` share a group,
 * every other target is a group of its own; the groups in a new order.
 */
export function groupTargets<T extends { readonly variant: string }>(
  targets: readonly T[],
  together: readonly (readonly string[])[],
): T[][] {
  const groups = new Map<string, T[]>()
  for (const target of targets) {
    const key = together.find((group) => group.includes(target.variant))?.join(' ') ?? target.variant
    groups.set(key, [...(groups.get(key) ?? []), target])
  }
  return shuffled([...groups.values()])
}

/** How a plan's passes split between a group's two visits: half in the first, the rest (and any adaptive ones) in the second. */
const visitPasses = (rounds: number) =>
  rounds >= 2 ? [Math.ceil(rounds / 2), rounds - Math.ceil(rounds / 2)] : [rounds]

/**
 * A plan's targets a group at a time: each group (the variants the self-check compares with each
 * other, `together`; any other variant alone) warmed for `warmUpS`, then loaded in a block of its own
 * (runBlock), the baseline between every two bursts. Two visits to each group, the second in the
 * reverse order of the first (A B C, then C B A), each with half the passes.
 *
 * Why: in rounds through every variant, a server idled while all the others ran and read lower for
 * it (runBlock). In one block per variant it does not, but a variant's every burst then falls in
 * the same half-minute, and a ratio to the baseline moves from one half-minute to the next: measured
 * here (2026-12-07, three runs of a block each, 10 passes), session read 0.72, 0.605 and 0.74 of the
 * baseline, its cache 0.61, 0.59 and 0.60. So two variants in blocks minutes apart differed by when
 * they ran, not by their code (a cache read 0.11-0.14 below its store, and the self-check fired).
 * Hence: variants compared with each other share a block, and the mirrored visits put every group's
 * mean time at the middle of the stage, so a drift that runs one way through it cancels between
 * groups (exactly so at the least passes: adaptive passes, added in the second visit, weigh it
 * more). A plan without a baseline among its targets runs rounds through them all (runRounds).
 */
export async function runBlocks(
  targets: readonly BurstTarget[],
  plan: RoundsPlan,
  warmUpS: number,
  redis: RedisProbe | undefined,
  progress: Progress,
  together: readonly (readonly string[])[] = [],
  /** What one burst is: real load by default; a test hands in a synthetic source (and no warm-up). */
  measure: typeof runBurst = runBurst,
): Promise<BurstSample[]> {
  const base = targets.find((target) => target.variant === plan.baseline)
  if (!base) return runRounds(targets, plan, redis, progress, measure)
  const groups = groupTargets(
    targets.filter((target) => target !== base),
    together,
  )
  const [firstPasses = 0, secondPasses] = visitPasses(plan.rounds)
  const visits = secondPasses === undefined ? groups : [...groups, ...[...groups].reverse()]
  const samples: BurstSample[] = []
  const firstVisit = new Map<BurstTarget[], BurstSample[]>()
  for (const [block, group] of visits.entries()) {
    const names = group.map((target) => target.variant).join(', ')
    for (const target of warmUpS > 0 ? group : []) {
      progress.step(`${plan.label}: warm-up ${target.variant} (not measured)`, warmUpS)
      await warmUp(target, plan.scenario, plan.connections, warmUpS)
    }
    const label = `${plan.label} ${names} (${block + 1}/${visits.length})`
    const earlier = firstVisit.get(group)
    // The first visit runs its share of passes; the second the rest, adding passes (adaptive) until
    // the two visits' samples together converge.
    const visitPlan: RoundsPlan =
      earlier === undefined
        ? { ...plan, label, rounds: firstPasses, maxRounds: firstPasses }
        : {
            ...plan,
            label,
            rounds: secondPasses ?? 0,
            maxRounds: (plan.maxRounds ?? plan.rounds) - firstPasses,
            ...(plan.converged && { converged: (later) => plan.converged?.([...earlier, ...later]) ?? true }),
          }
    const got = await runBlock(base, group, visitPlan, block, redis, progress, measure)
    if (earlier === undefined) firstVisit.set(group, got)
    samples.push(...got)
  }
  return samples
}

/** What runBlocks costs in seconds of load at the most passes: every visit, its warm-ups and bursts. */
export const blocksSeconds = (
  targets: readonly { readonly variant: string }[],
  plan: Pick<RoundsPlan, 'baseline' | 'rounds' | 'maxRounds' | 'durationS' | 'preBurstS'>,
  warmUpS: number,
  together: readonly (readonly string[])[] = [],
) => {
  if (!targets.some((target) => target.variant === plan.baseline)) return roundsSeconds(targets, plan)
  const others = targets.filter((target) => target.variant !== plan.baseline)
  const visitsPerGroup = visitPasses(plan.rounds).length
  const visits = visitsPerGroup * groupTargets(others, together).length
  // Every target's warm-up on each visit, a baseline burst opening each visit, every pass's bursts.
  const burstS = plan.durationS + (plan.preBurstS ?? 0)
  const passes = plan.maxRounds ?? plan.rounds
  return visitsPerGroup * others.length * warmUpS + visits * burstS + 2 * others.length * passes * burstS
}
