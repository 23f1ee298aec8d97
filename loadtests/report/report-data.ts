/**
 * The numbers each chart and table shows, read from results.json and nothing else. Spreads and
 * ratios are taken as the lab stored them (loadtests/results computed them once); the only new
 * figures here are the min and max of the same valid bursts the lab aggregated, which the
 * aggregates do not keep.
 */
import type { BurstSample, BurstSection, LatencyMs, ScenarioAggregate, Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { byRunOrder } from '../results/run-order.js'

export const validSamples = (section: BurstSection, aggregate: ScenarioAggregate, variant: string): BurstSample[] =>
  section.samples.filter(
    (sample) =>
      sample.valid &&
      sample.variant === variant &&
      sample.scenario === aggregate.scenario &&
      sample.connections === aggregate.connections,
  )

export interface ThroughputRow {
  readonly variant: string
  readonly rps: Spread
  readonly ratio: Spread | null
  /** Slowest and fastest valid burst. */
  readonly min: number
  readonly max: number
  readonly latency: LatencyMs | null
  readonly validBursts: number
  readonly bursts: number
}

/** One row per variant that has at least one valid burst; the others are named by `unmeasured`. */
export function throughputRows(
  results: LabResults,
  section: BurstSection,
  aggregate: ScenarioAggregate,
): ThroughputRow[] {
  const rows = aggregate.variants.flatMap((entry): ThroughputRow[] => {
    const rates = validSamples(section, aggregate, entry.variant).map((sample) => sample.rps)
    if (!entry.rps || rates.length === 0) return []
    return [
      {
        variant: entry.variant,
        rps: entry.rps,
        ratio: entry.rps_ratio,
        min: Math.min(...rates),
        max: Math.max(...rates),
        latency: entry.latency_ms,
        validBursts: entry.valid_bursts,
        bursts: entry.valid_bursts + entry.invalid_bursts,
      },
    ]
  })
  return byRunOrder(results, rows, (row) => row.variant)
}

export const unmeasured = (aggregate: ScenarioAggregate): string[] =>
  aggregate.variants.filter((entry) => !entry.rps).map((entry) => entry.variant)

/** The scenario the cost table reads: the hot read, where auth is the largest share of the work. */
export const costScenario = (results: LabResults): ScenarioAggregate | undefined =>
  results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read') ??
  results.throughput?.aggregates[0]

export interface CostRow {
  readonly variant: string
  /** Server CPU per request over HTTP, in the cost scenario. */
  readonly httpCpuUs: Spread | null
  /** In-process CPU per request (no sockets): the baseline's median plus this variant's difference. */
  readonly inProcessUs: Spread | null
  readonly baselinePartUs: number | null
  readonly authPartUs: Spread | null
  readonly redisCpuUs: Spread | null
  readonly redisCommands: Spread | null
  readonly credentialBytes: number
}

export function costRows(results: LabResults): CostRow[] {
  const scenario = costScenario(results)
  const cpu = results.cpu?.aggregates ?? []
  const baselineUs = cpu.find((entry) => entry.variant === results.baseline)?.cpu_us_per_req?.median ?? null
  const variants = [
    ...new Set([...(scenario?.variants.map((entry) => entry.variant) ?? []), ...cpu.map((entry) => entry.variant)]),
  ]
  const rows = variants.map((variant): CostRow => {
    const http = scenario?.variants.find((entry) => entry.variant === variant)
    const inProcess = cpu.find((entry) => entry.variant === variant)
    return {
      variant,
      httpCpuUs: http?.server_cpu_us_per_req ?? null,
      inProcessUs: inProcess?.cpu_us_per_req ?? null,
      baselinePartUs: inProcess ? baselineUs : null,
      authPartUs: inProcess?.above_baseline_us ?? null,
      redisCpuUs: http?.redis_cpu_us_per_req ?? null,
      redisCommands: http?.redis_commands_per_req ?? null,
      credentialBytes:
        http?.credential_bytes ?? results.variants.find((entry) => entry.id === variant)?.credential_bytes ?? 0,
    }
  })
  return byRunOrder(results, rows, (row) => row.variant)
}

export interface SweepSeries {
  readonly variant: string
  readonly points: readonly { readonly connections: number; readonly rps: Spread }[]
}

export function sweepSeries(results: LabResults): SweepSeries[] {
  const aggregates = [...(results.sweep?.aggregates ?? [])].sort((a, b) => a.connections - b.connections)
  const variants = [...new Set(aggregates.flatMap((aggregate) => aggregate.variants.map((entry) => entry.variant)))]
  const series = variants.map((variant) => ({
    variant,
    points: aggregates.flatMap((aggregate) => {
      const rps = aggregate.variants.find((entry) => entry.variant === variant)?.rps
      return rps ? [{ connections: aggregate.connections, rps }] : []
    }),
  }))
  return byRunOrder(results, series, (entry) => entry.variant).filter((entry) => entry.points.length > 0)
}
