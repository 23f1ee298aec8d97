import type {
  BurstSample,
  CpuSample,
  CpuSection,
  LatencyMs,
  ScenarioAggregate,
  Spread,
  VariantAggregate,
} from './results-types.js'
import { median, spreadOf } from './statistics.js'

const present = (values: readonly (number | null)[]) => values.filter((value): value is number => value !== null)

/** The nearest valid baseline burst before this burst and the nearest after it, in its round. */
function neighbouringBaselines(samples: readonly BurstSample[], sample: BurstSample, baseline: string) {
  const bases = samples.filter(
    (other) => other !== sample && other.variant === baseline && other.round === sample.round && other.valid,
  )
  return {
    before: bases.filter((other) => other.position < sample.position).at(-1),
    after: bases.find((other) => other.position > sample.position),
  }
}

/**
 * What a burst is divided by: the mean of the nearest valid baseline burst before it and the
 * nearest after it in the same round (the runner puts one right next to it on each side). The
 * machine's speed drifts, so the baseline closest in time is the one that saw the same machine;
 * averaging both sides also cancels a drift that is steady over the few seconds between them.
 * Empty when the round has no valid baseline burst; a baseline burst is its own reference.
 */
export function baselineFor(samples: readonly BurstSample[], sample: BurstSample, baseline: string): BurstSample[] {
  if (sample.variant === baseline) return [sample]
  const { before, after } = neighbouringBaselines(samples, sample, baseline)
  return [before, after].filter((other): other is BurstSample => other !== undefined)
}

/**
 * One burst's ratio to the baseline bursts next to it (baselineFor): the machine's speed drifts from
 * second to second, so the same drift divides out. Undefined for an invalid burst, or one with no
 * valid baseline in its round.
 */
export function ratioToBaseline(
  samples: readonly BurstSample[],
  sample: BurstSample,
  baseline: string,
  metric: (sample: BurstSample) => number | null,
): number | undefined {
  if (!sample.valid) return undefined
  const value = metric(sample)
  const baseValues = present(baselineFor(samples, sample, baseline).map(metric))
  const baseValue = baseValues.reduce((sum, each) => sum + each, 0) / baseValues.length
  return value !== null && baseValues.length > 0 && baseValue ? value / baseValue : undefined
}

/** Every burst's ratio (ratioToBaseline) of one variant: what the aggregates summarise. */
function ratiosToBaseline(
  samples: readonly BurstSample[],
  variant: string,
  baseline: string,
  metric: (sample: BurstSample) => number | null,
): number[] {
  return samples
    .filter((sample) => sample.variant === variant)
    .map((sample) => ratioToBaseline(samples, sample, baseline, metric))
    .filter((ratio): ratio is number => ratio !== undefined)
}

function medianLatency(samples: readonly BurstSample[]): LatencyMs | null {
  if (samples.length === 0) return null
  const of = (key: keyof LatencyMs) => median(samples.map((sample) => sample.latency_ms[key]))
  return { p50: of('p50'), p90: of('p90'), p97_5: of('p97_5'), p99: of('p99'), max: of('max') }
}

function aggregateVariant(group: readonly BurstSample[], variant: string, baseline: string): VariantAggregate {
  const mine = group.filter((sample) => sample.variant === variant)
  const valid = mine.filter((sample) => sample.valid)
  return {
    variant,
    valid_bursts: valid.length,
    invalid_bursts: mine.length - valid.length,
    rps: spreadOf(valid.map((sample) => sample.rps)),
    rps_ratio: spreadOf(ratiosToBaseline(group, variant, baseline, (sample) => sample.rps)),
    latency_ms: medianLatency(valid),
    p99_ratio: spreadOf(ratiosToBaseline(group, variant, baseline, (sample) => sample.latency_ms.p99)),
    server_cpu_us_per_req: spreadOf(present(valid.map((sample) => sample.server_cpu_us_per_req))),
    server_cpu_ratio: spreadOf(ratiosToBaseline(group, variant, baseline, (sample) => sample.server_cpu_us_per_req)),
    redis_cpu_us_per_req: spreadOf(present(valid.map((sample) => sample.redis_cpu_us_per_req))),
    redis_commands_per_req: spreadOf(present(valid.map((sample) => sample.redis_commands_per_req))),
    credential_bytes: mine[0]?.credential_bytes ?? 0,
  }
}

/** The baseline's req/s over its own nearest baseline bursts either side (see ScenarioAggregate). */
function noiseFloor(group: readonly BurstSample[], baseline: string): Spread | null {
  const ratios = group.flatMap((sample) => {
    if (sample.variant !== baseline || !sample.valid) return []
    const { before, after } = neighbouringBaselines(group, sample, baseline)
    return before && after ? [sample.rps / ((before.rps + after.rps) / 2)] : []
  })
  return spreadOf(ratios)
}

/** One aggregate per (scenario, connections), variants in the order they first appear. */
export function aggregateBursts(samples: readonly BurstSample[], baseline: string): ScenarioAggregate[] {
  const keys = [...new Set(samples.map((sample) => `${sample.scenario}@${sample.connections}`))]
  return keys.map((key) => {
    const group = samples.filter((sample) => `${sample.scenario}@${sample.connections}` === key)
    const first = group[0] as BurstSample
    const variants = [...new Set(group.map((sample) => sample.variant))]
    return {
      scenario: first.scenario,
      connections: first.connections,
      variants: variants.map((variant) => aggregateVariant(group, variant, baseline)),
      noise_floor: noiseFloor(group, baseline),
    }
  })
}

/**
 * The baseline samples an in-process sample is compared with: the nearest valid one before it and
 * the nearest after it in its round (the baseline runs between every two others); in runs from
 * before positions were recorded, the round's one baseline sample.
 */
function cpuBaselineFor(samples: readonly CpuSample[], sample: CpuSample, baseline: string): CpuSample[] {
  const bases = samples.filter((other) => other.variant === baseline && other.round === sample.round && other.valid)
  if (sample.position === undefined) return bases.slice(0, 1)
  const position = sample.position
  const before = bases.filter((other) => (other.position ?? 0) < position).at(-1)
  const after = bases.find((other) => (other.position ?? 0) > position)
  return [before, after].filter((other): other is CpuSample => other !== undefined)
}

/** In-process CPU: the difference to the baseline in the same round, in µs per request. */
export function aggregateCpu(samples: readonly CpuSample[], baseline: string): CpuSection['aggregates'] {
  const variants = [...new Set(samples.map((sample) => sample.variant))]
  return variants.map((variant) => {
    const valid = samples.filter((sample) => sample.variant === variant && sample.valid)
    const differences = valid.flatMap((sample) => {
      const bases = cpuBaselineFor(samples, sample, baseline)
      if (bases.length === 0) return []
      return [sample.cpu_us_per_req - bases.reduce((sum, base) => sum + base.cpu_us_per_req, 0) / bases.length]
    })
    return {
      variant,
      cpu_us_per_req: spreadOf(valid.map((sample) => sample.cpu_us_per_req)),
      above_baseline_us: spreadOf(differences),
    }
  })
}
