import { describe, expect, it } from 'vitest'
import { aggregateBursts, aggregateCpu } from './aggregate.js'
import type { BurstSample, CpuSample } from './results-types.js'
import { coefficientOfVariation, median, medianInterval95, spreadOf } from './statistics.js'

const sample = (variant: string, round: number, rps: number, extra: Partial<BurstSample> = {}): BurstSample => ({
  scenario: 'hot-read',
  variant,
  round,
  // One baseline burst first in each round, the variant after it, unless a test says otherwise.
  position: variant === 'none' ? 0 : 1,
  connections: 32,
  duration_s: 1,
  requests: rps,
  rps,
  latency_ms: { p50: 1, p90: 2, p97_5: 3, p99: 4, max: 5 },
  errors: 0,
  timeouts: 0,
  status_codes: { 200: rps },
  server_cpu_us_per_req: 100,
  redis_cpu_us_per_req: null,
  redis_commands_per_req: null,
  credential_bytes: 0,
  valid: true,
  ...extra,
})

describe('statistics', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('gives quartiles by linear interpolation and a coefficient of variation', () => {
    const spread = spreadOf([1, 2, 3, 4, 5])
    expect(spread).toMatchObject({ median: 3, q1: 2, q3: 4, n: 5 })
    expect(spread?.cv).toBeCloseTo(Math.sqrt(2.5) / 3, 10)
  })

  it('gives a 95% interval of the median from order statistics, and none below 6 values', () => {
    const values = (n: number) => Array.from({ length: n }, (_, index) => index + 1)
    // Coverage 1 - 2·P(Bin(n, ½) <= k-1): n=6 [x1, x6] 96.9%; n=9 [x2, x8] 96.1%; n=12 [x3, x10] 96.1%.
    expect(medianInterval95(values(6))).toEqual([1, 6])
    expect(medianInterval95(values(9))).toEqual([2, 8])
    expect(medianInterval95(values(12))).toEqual([3, 10])
    expect(medianInterval95(values(5))).toBeNull()
    expect(spreadOf([5, 1, 4, 2, 6, 3])?.ci95).toEqual([1, 6])
    // It shrinks with n: 40 values give [x14, x27].
    expect(medianInterval95(values(40))).toEqual([14, 27])
  })

  it('has no spread for no values and no variation for one', () => {
    expect(spreadOf([])).toBeNull()
    expect(coefficientOfVariation([7])).toBe(0)
    expect(spreadOf([NaN, Infinity])).toBeNull()
  })
})

describe('aggregateBursts', () => {
  it('takes ratios within each round, then their median', () => {
    // The machine halves its speed in round 1; the ratio does not move.
    const samples = [
      sample('none', 0, 1000),
      sample('jwt', 0, 800),
      sample('none', 1, 500),
      sample('jwt', 1, 400),
      sample('none', 2, 900),
      sample('jwt', 2, 810),
    ]
    const [aggregate] = aggregateBursts(samples, 'none')
    const jwt = aggregate?.variants.find((entry) => entry.variant === 'jwt')
    expect(jwt?.rps_ratio).toMatchObject({ median: 0.8, q1: 0.8, n: 3 })
    expect(jwt?.rps_ratio?.q3).toBeCloseTo(0.85, 10)
    expect(jwt?.rps?.median).toBe(800)
    expect(aggregate?.variants.find((entry) => entry.variant === 'none')?.rps_ratio?.median).toBe(1)
  })

  it('leaves invalid bursts out, and a round with an invalid baseline gives no ratio', () => {
    const samples = [
      sample('none', 0, 1000),
      sample('jwt', 0, 700, { valid: false, errors: 3, invalid_reason: '3 errors' }),
      sample('none', 1, 1000, { valid: false, invalid_reason: 'unexpected status: 2 x 500' }),
      sample('jwt', 1, 900),
      sample('none', 2, 1000),
      sample('jwt', 2, 600),
    ]
    const jwt = aggregateBursts(samples, 'none')[0]?.variants.find((entry) => entry.variant === 'jwt')
    expect(jwt).toMatchObject({ valid_bursts: 2, invalid_bursts: 1 })
    expect(jwt?.rps_ratio).toMatchObject({ median: 0.6, n: 1 })
    expect(jwt?.rps?.n).toBe(2)
  })

  it('divides each burst by the mean of the baseline bursts either side of it in its round', () => {
    // The machine slows down steadily through the round: the baseline falls 1000, 800, 600.
    const at = (variant: string, position: number, rps: number) => sample(variant, 0, rps, { position })
    const samples = [
      at('none', 0, 1000),
      at('jwt', 1, 450),
      at('none', 2, 800),
      at('apikey', 3, 700),
      at('none', 4, 600),
    ]
    const variants = aggregateBursts(samples, 'none')[0]?.variants
    expect(variants?.find((entry) => entry.variant === 'jwt')?.rps_ratio?.median).toBeCloseTo(0.5, 10)
    expect(variants?.find((entry) => entry.variant === 'apikey')?.rps_ratio?.median).toBeCloseTo(1, 10)
    expect(variants?.find((entry) => entry.variant === 'none')?.rps_ratio?.median).toBe(1)
  })

  it('measures the noise floor: each baseline burst against the baseline bursts either side of it', () => {
    const at = (variant: string, position: number, rps: number) => sample(variant, 0, rps, { position })
    // Baseline 1000, 900, 1100, 1000: the inner two give 900/1050 and 1100/950.
    const samples = [
      at('none', 0, 1000),
      at('jwt', 1, 500),
      at('none', 2, 900),
      at('apikey', 3, 700),
      at('none', 4, 1100),
      at('session', 5, 600),
      at('none', 6, 1000),
    ]
    const floor = aggregateBursts(samples, 'none')[0]?.noise_floor
    expect(floor?.n).toBe(2)
    expect(floor?.median).toBeCloseTo((900 / 1050 + 1100 / 950) / 2, 10)
    // One baseline burst a round (the login storm's layout) has no neighbours: no floor.
    expect(aggregateBursts([sample('none', 0, 100), sample('jwt', 0, 50)], 'none')[0]?.noise_floor).toBeNull()
  })

  it('skips an invalid neighbour for the next valid baseline burst, and uses one side when that is all there is', () => {
    const at = (variant: string, position: number, rps: number, extra: Partial<BurstSample> = {}) =>
      sample(variant, 0, rps, { position, ...extra })
    const samples = [
      at('none', 0, 1000),
      at('jwt', 1, 500),
      at('none', 2, 1, { valid: false, invalid_reason: '1 errors' }),
      at('session', 3, 400),
      at('none', 4, 800),
      at('apikey', 5, 400),
    ]
    const variants = aggregateBursts(samples, 'none')[0]?.variants
    expect(variants?.find((entry) => entry.variant === 'jwt')?.rps_ratio?.median).toBeCloseTo(500 / 900, 10)
    expect(variants?.find((entry) => entry.variant === 'session')?.rps_ratio?.median).toBeCloseTo(400 / 900, 10)
    expect(variants?.find((entry) => entry.variant === 'apikey')?.rps_ratio?.median).toBeCloseTo(0.5, 10)
  })

  it('keeps scenarios and connection counts apart', () => {
    const samples = [
      sample('none', 0, 100),
      sample('none', 0, 50, { connections: 1 }),
      sample('none', 0, 10, { scenario: 'login-storm' }),
    ]
    expect(aggregateBursts(samples, 'none').map((entry) => `${entry.scenario}@${entry.connections}`)).toEqual([
      'hot-read@32',
      'hot-read@1',
      'login-storm@32',
    ])
  })

  it('reports CPU ratios and leaves missing Redis numbers null', () => {
    const samples = [
      sample('none', 0, 100, { server_cpu_us_per_req: 200 }),
      sample('apikey', 0, 90, { server_cpu_us_per_req: 250, redis_commands_per_req: 1 }),
    ]
    const apikey = aggregateBursts(samples, 'none')[0]?.variants.find((entry) => entry.variant === 'apikey')
    expect(apikey?.server_cpu_ratio?.median).toBe(1.25)
    expect(apikey?.redis_commands_per_req?.median).toBe(1)
    expect(apikey?.redis_cpu_us_per_req).toBeNull()
  })
})

describe('aggregateCpu', () => {
  it('subtracts the baseline of the same round', () => {
    const cpu = (variant: string, round: number, value: number, valid = true): CpuSample => ({
      variant,
      round,
      requests: 100,
      cpu_us_per_req: value,
      valid,
    })
    const samples = [
      cpu('none', 0, 50),
      cpu('jwt', 0, 100),
      cpu('none', 1, 60),
      cpu('jwt', 1, 105),
      cpu('none', 2, 70, false),
      cpu('jwt', 2, 500),
    ]
    const jwt = aggregateCpu(samples, 'none').find((entry) => entry.variant === 'jwt')
    expect(jwt?.above_baseline_us).toMatchObject({ median: 47.5, n: 2 })
    expect(jwt?.cpu_us_per_req?.n).toBe(3)
  })
  it('subtracts the mean of the baseline samples either side when the round interleaves them', () => {
    const at = (variant: string, position: number, value: number): CpuSample => ({
      variant,
      round: 0,
      position,
      requests: 100,
      cpu_us_per_req: value,
      valid: true,
    })
    // The process slows from 100 to 120 µs over the round: jwt is 40 above its neighbours' mean, not 50.
    const samples = [
      at('none', 0, 100),
      at('jwt', 1, 150),
      at('none', 2, 120),
      at('apikey', 3, 150),
      at('none', 4, 140),
    ]
    const entries = aggregateCpu(samples, 'none')
    expect(entries.find((entry) => entry.variant === 'jwt')?.above_baseline_us?.median).toBe(40)
    expect(entries.find((entry) => entry.variant === 'apikey')?.above_baseline_us?.median).toBe(20)
  })
})
