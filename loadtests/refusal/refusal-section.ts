import { aggregateBursts } from '../results/aggregate.js'
import type { BurstSample, Spread } from '../results/results-types.js'
import type { RefusalKind, RefusalTarget } from './refusal-targets.js'

/**
 * Redis commands per refused request from which a kind counts as reaching the store. A lookup is
 * one command per request; the probe's own INFO calls spread over thousands of requests are ~0.
 */
export const REACHES_STORE_COMMANDS = 0.5

/** One (variant, kind): the hot read with that credential, measured like the hot read itself. */
export interface RefusalRow {
  readonly variant: string
  readonly strategy: string
  readonly kind: RefusalKind
  /** 401 for every refused kind, 200 for `valid`. */
  readonly expected_status: number
  /** The problem code the refusal is meant to carry; null for `valid`. */
  readonly code: string | null
  /** Status -> answers, over every measured burst (a burst with any other status is left out). */
  readonly statuses: Readonly<Record<string, number>>
  readonly valid_bursts: number
  readonly invalid_bursts: number
  readonly rps: Spread | null
  /** req/s over the mean of the baseline bursts either side, median over rounds (with ci95). */
  readonly rps_ratio: Spread | null
  readonly server_cpu_us_per_req: Spread | null
  readonly redis_commands_per_req: Spread | null
  readonly redis_cpu_us_per_req: Spread | null
  /** At least REACHES_STORE_COMMANDS per request; null when the variant uses no Redis. */
  readonly reaches_store: boolean | null
}

export interface RefusalSection {
  readonly method: string
  readonly scenario: string
  readonly connections: number
  readonly burst_s: number
  readonly pre_burst_s: number
  readonly rounds: number
  readonly baseline: string
  /** The baseline over its own neighbouring baseline bursts: no ratio's spread can be narrower. */
  readonly noise_floor: Spread | null
  readonly rows: readonly RefusalRow[]
  readonly samples: readonly BurstSample[]
}

export interface RefusalPlanFigures {
  readonly scenario: string
  readonly connections: number
  readonly burstS: number
  readonly preBurstS: number
  readonly rounds: number
  readonly baseline: string
}

export const refusalMethod = (plan: RefusalPlanFigures) =>
  `GET /api/me presenting each credential, ${plan.connections} connections, ${plan.burstS} s bursts each right ` +
  `after ${plan.preBurstS} s of unmeasured load on the same server, the ${plan.baseline} baseline between every ` +
  `two bursts, as the hot read; one variant at a time, its server loaded in ${plan.rounds} rounds of its own ` +
  `(every kind and the valid credential, a new order each round), so that no server idles while others ` +
  `run and every burst finds its server as warm as the baseline's. Ratio: req/s over the mean of the ` +
  `baseline bursts either side, median over rounds with its 95% interval. A burst with any status but the ` +
  `expected one (401 for a refused credential) is left out.`

const sumStatuses = (samples: readonly BurstSample[]) => {
  const statuses: Record<string, number> = {}
  for (const sample of samples)
    for (const [status, count] of Object.entries(sample.status_codes))
      statuses[status] = (statuses[status] ?? 0) + count
  return statuses
}

/** The section from the measured bursts: pure, so a test can build it from synthetic samples. */
export function buildRefusalSection(
  samples: readonly BurstSample[],
  targets: readonly RefusalTarget[],
  plan: RefusalPlanFigures,
): RefusalSection {
  const aggregate = aggregateBursts(samples, plan.baseline).find((entry) => entry.scenario === plan.scenario)
  const rows = targets
    .filter((target) => target.variant !== plan.baseline)
    .map((target): RefusalRow => {
      const entry = aggregate?.variants.find((candidate) => candidate.variant === target.variant)
      const commands = entry?.redis_commands_per_req ?? null
      return {
        variant: target.of,
        strategy: target.strategy,
        kind: target.kind,
        expected_status: target.expectedStatus ?? 200,
        code: target.code ?? null,
        statuses: sumStatuses(samples.filter((sample) => sample.variant === target.variant)),
        valid_bursts: entry?.valid_bursts ?? 0,
        invalid_bursts: entry?.invalid_bursts ?? 0,
        rps: entry?.rps ?? null,
        rps_ratio: entry?.rps_ratio ?? null,
        server_cpu_us_per_req: entry?.server_cpu_us_per_req ?? null,
        redis_commands_per_req: commands,
        redis_cpu_us_per_req: entry?.redis_cpu_us_per_req ?? null,
        reaches_store: target.usesRedis ? (commands?.median ?? 0) >= REACHES_STORE_COMMANDS : null,
      }
    })
  return {
    method: refusalMethod(plan),
    scenario: plan.scenario,
    connections: plan.connections,
    burst_s: plan.burstS,
    pre_burst_s: plan.preBurstS,
    rounds: plan.rounds,
    baseline: plan.baseline,
    noise_floor: aggregate?.noise_floor ?? null,
    rows,
    samples,
  }
}

/** A sentence per row answered otherwise than expected: a refused credential let in is a hole. */
export function refusalFailures(section: RefusalSection): string[] {
  return section.rows.flatMap((row) => {
    const other = Object.entries(row.statuses).filter(([status, count]) => status !== `${row.expected_status}` && count)
    if (other.length === 0 && row.valid_bursts > 0) return []
    const answered = other.map(([status, count]) => `${count} x ${status}`).join(', ') || 'no valid burst'
    return [`refusal stage: ${row.variant} with a ${row.kind} credential: ${answered}, not ${row.expected_status}`]
  })
}
