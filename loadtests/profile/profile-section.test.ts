import { describe, expect, it } from 'vitest'
import type { CpuSection } from '../results/results-types.js'
import type { Attribution } from './profile-attribution.js'
import type { ProfileCategory } from './profile-categories.js'
import { buildProfileSection, type ProfileRound } from './profile-section.js'

const attribution = (counts: Partial<Record<ProfileCategory, number>>): Attribution => ({
  categories: new Map(Object.entries(counts) as [ProfileCategory, number][]),
  busySamples: Object.values(counts).reduce((sum, count) => sum + count, 0),
  labFunctions: new Map(),
})

/** 100 requests per slice; CPU in µs per request, the main thread's part given, the profiler doubling it. */
const round = (
  index: number,
  perRequest: number,
  mainPerRequest: number,
  counts: Partial<Record<ProfileCategory, number>>,
): ProfileRound => ({
  round: index,
  unprofiled: { requests: 100, process_cpu_us: perRequest * 100, main_thread_cpu_us: mainPerRequest * 100 },
  profiled: { requests: 100, process_cpu_us: 2 * perRequest * 100, main_thread_cpu_us: 2 * mainPerRequest * 100 },
  attribution: attribution(counts),
})

const section = (cpuStage?: CpuSection) =>
  buildProfileSection({
    method: 'test',
    scenario: 'hot-read',
    samplingIntervalUs: 250,
    rounds: 2,
    secondsPerVariant: 1,
    baseline: 'none',
    files: new Map(),
    measured: new Map([
      ['none', [round(0, 100, 80, { express: 60, gc: 20 }), round(1, 100, 80, { express: 60, gc: 20 })]],
      // 60 µs more on the main thread, of which crypto; less GC than the baseline (noise).
      [
        'jwt',
        [
          round(0, 160, 140, { express: 60, crypto: 70, gc: 10 }),
          round(1, 160, 140, { express: 60, crypto: 70, gc: 10 }),
        ],
      ],
    ]),
    ...(cpuStage && { cpuStage }),
  })

const spread = (median: number, q1: number, q3: number) => ({ median, q1, q3, cv: 0, n: 3 })

describe('buildProfileSection', () => {
  it('counts the unprofiled CPU, split by the samples, and shares only what lies above the baseline', () => {
    const jwt = section().variants.find((variant) => variant.variant === 'jwt')
    const cost = (category: ProfileCategory) => jwt?.categories.find((entry) => entry.category === category)
    expect(jwt?.above_baseline_us?.median).toBe(60)
    expect(cost('crypto')?.us_per_req).toBeCloseTo((140 * 70) / 140, 9)
    expect(cost('gc')?.above_baseline_us).toBeCloseTo(10 - 20, 9)
    expect(cost('gc')?.share).toBe(0)
    expect(jwt?.categories.reduce((sum, entry) => sum + entry.share, 0)).toBeCloseTo(1, 9)
    expect(section().profiler_overhead?.median).toBeCloseTo(1, 9)
  })

  it("checks against the lab's in-process CPU stage when it ran, and says when they disagree", () => {
    const stage = (median: number, q1: number, q3: number): CpuSection => ({
      scenario: 'hot-read',
      requests_per_sample: 100,
      rounds: 3,
      samples: [],
      aggregates: [{ variant: 'jwt', cpu_us_per_req: null, above_baseline_us: spread(median, q1, q3) }],
    })
    const check = (cpuStage?: CpuSection) =>
      section(cpuStage).variants.find((variant) => variant.variant === 'jwt')?.cross_check
    expect(check(stage(58, 50, 66))).toMatchObject({ agrees: true })
    expect(check(stage(30, 25, 35))).toMatchObject({ agrees: false, verdict: expect.stringContaining('+30.0 µs') })
    // Their intervals decide, not one median inside the other's quartiles: the stage's 95% interval
    // reaches the profile's 60 µs.
    const wide = stage(30, 25, 35)
    const [aggregate] = wide.aggregates
    const withInterval = {
      ...wide,
      aggregates: [{ ...aggregate!, above_baseline_us: { ...spread(30, 25, 35), ci95: [20, 62] as [number, number] } }],
    }
    expect(check(withInterval)).toMatchObject({ agrees: true })
    // Alone, only the profiled total is there to compare: doubled by the profiler, it cannot agree.
    expect(check()).toMatchObject({ agrees: false, profiled_above_baseline_us: 120, cpu_stage_above_baseline_us: null })
  })
})
