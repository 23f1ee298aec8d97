import { describe, expect, it } from 'vitest'
import { convergedOn } from '../results/convergence.js'
import type { BurstSample } from '../results/results-types.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import type { BurstTarget, runBurst } from './burst.js'
import { silentProgress } from './progress.js'
import { roundOrder, runBlock, runBlocks, runRounds } from './rounds.js'
import { aggregateBursts } from '../results/aggregate.js'

const targets = ['none', 'jwt', 'session', 'apikey'].map((variant) => ({ variant }))

describe('roundOrder', () => {
  it('puts the baseline first, last and between every two other bursts', () => {
    const order = roundOrder(targets, 'none').map((target) => target.variant)
    expect(order).toHaveLength(7)
    expect(order.filter((_, index) => index % 2 === 0)).toEqual(['none', 'none', 'none', 'none'])
    expect(order.filter((_, index) => index % 2 === 1).sort()).toEqual(['apikey', 'jwt', 'session'])
  })

  it('changes the order of the others from round to round', () => {
    const orders = new Set(
      Array.from({ length: 300 }, () =>
        roundOrder(targets, 'none')
          .map((target) => target.variant)
          .join(','),
      ),
    )
    expect(orders.size).toBe(6)
  })

  it('shuffles without a baseline, and runs a lone baseline once', () => {
    expect(roundOrder(targets, undefined)).toHaveLength(4)
    expect(roundOrder([{ variant: 'none' }], 'none')).toEqual([{ variant: 'none' }])
  })
})

describe('runRounds with adaptive rounds (a synthetic source)', () => {
  const burstTargets = ['none', 'a'].map((variant) => ({
    variant,
    url: 'http://unused',
    pid: 0,
    credential: { tokenType: 'None' as const, headers: {}, bytes: 0, expiresInS: 0 },
    usesRedis: false,
  }))
  /** A burst source: the baseline at 1000 req/s, `a` at whatever `ratio(round)` says. */
  const source =
    (ratio: (round: number) => number): typeof runBurst =>
    async (target, plan) => {
      const rps = target.variant === 'none' ? 1000 : 1000 * ratio(plan.round)
      return { ...fakeSample, variant: target.variant, round: plan.round, position: plan.position, rps, requests: rps }
    }
  const plan = {
    label: 'hot read',
    scenario: SCENARIOS['hot-read'],
    connections: 1,
    durationS: 1,
    rounds: 3,
    maxRounds: 10,
    baseline: 'none',
    converged: convergedOn('none'),
  }
  const roundsRun = (samples: readonly BurstSample[]) => new Set(samples.map((sample) => sample.round)).size

  it('adds rounds until every ratio has a 95% interval within ±0.05, then stops', async () => {
    // A steady ratio: the first interval exists at 6 rounds, and it is narrow.
    const samples = await runRounds(
      burstTargets,
      plan,
      undefined,
      silentProgress,
      source(() => 0.8),
    )
    expect(roundsRun(samples)).toBe(6)
  })

  it('stops at the most rounds when a ratio never settles, and never before the least', async () => {
    const noisy = await runRounds(
      burstTargets,
      plan,
      undefined,
      silentProgress,
      source((round) => (round % 2 ? 0.6 : 1)),
    )
    expect(roundsRun(noisy)).toBe(10)
    const fixed = { ...plan, maxRounds: undefined, converged: undefined }
    expect(
      roundsRun(
        await runRounds(
          burstTargets,
          fixed,
          undefined,
          silentProgress,
          source(() => 0.8),
        ),
      ),
    ).toBe(3)
  })
})

describe('runBlock: one server at a time (a synthetic source)', () => {
  const [none, a] = ['none', 'a'].map((variant) => ({
    variant,
    url: 'http://unused',
    pid: 0,
    credential: { tokenType: 'None' as const, headers: {}, bytes: 0, expiresInS: 0 },
    usesRedis: false,
  })) as [BurstTarget, BurstTarget]
  const b = { ...a, variant: 'b' }
  const plan = {
    label: 'hot read',
    scenario: SCENARIOS['hot-read'],
    connections: 1,
    durationS: 1,
    rounds: 2,
    baseline: 'none',
  }
  /** The baseline at 1000 req/s in block 0 and 2000 in block 1 (the machine got faster); others at `ratio` of it. */
  const source =
    (ratio: (variant: string, count: number) => number): typeof runBurst =>
    async (target, burst) => {
      const base = 1000 * (burst.round + 1)
      const rps = target.variant === 'none' ? base : base * ratio(target.variant, burst.position)
      return {
        ...fakeSample,
        variant: target.variant,
        round: burst.round,
        position: burst.position,
        rps,
        requests: rps,
      }
    }

  it("alternates the baseline with the server's targets, each pass in a new order, every burst numbered with its block", async () => {
    const samples = await runBlock(
      none,
      [a, b],
      plan,
      3,
      undefined,
      silentProgress,
      source(() => 0.8),
    )
    const order = samples.map((sample) => sample.variant)
    expect(order.filter((_, index) => index % 2 === 0)).toEqual(['none', 'none', 'none', 'none', 'none'])
    expect([order[1], order[3]].sort()).toEqual(['a', 'b'])
    expect([order[5], order[7]].sort()).toEqual(['a', 'b'])
    expect(samples.map((sample) => sample.round)).toEqual(Array(9).fill(3))
    expect(samples.map((sample) => sample.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('takes each ratio against the baseline of its own block only', async () => {
    const ratios = { a: 0.8, b: 0.5 } as Record<string, number>
    const samples = [
      ...(await runBlock(
        none,
        [a],
        plan,
        0,
        undefined,
        silentProgress,
        source((variant) => ratios[variant] ?? 1),
      )),
      ...(await runBlock(
        none,
        [b],
        plan,
        1,
        undefined,
        silentProgress,
        source((variant) => ratios[variant] ?? 1),
      )),
    ]
    const hot = aggregateBursts(samples, 'none')[0]
    const median = (variant: string) => hot?.variants.find((entry) => entry.variant === variant)?.rps_ratio?.median
    // Paired across blocks (positions repeat from block to block), b would read 0.5 x 2000 / 1500.
    expect(median('a')).toBeCloseTo(0.8, 6)
    expect(median('b')).toBeCloseTo(0.5, 6)
  })

  it('adds passes until the ratio has a 95% interval within ±0.05, up to the most', async () => {
    const adaptive = { ...plan, rounds: 3, maxRounds: 10, converged: convergedOn('none') }
    const steady = await runBlock(
      none,
      [a],
      adaptive,
      0,
      undefined,
      silentProgress,
      source(() => 0.8),
    )
    expect(steady.filter((sample) => sample.variant === 'a')).toHaveLength(6)
    const noisy = await runBlock(
      none,
      [a],
      adaptive,
      0,
      undefined,
      silentProgress,
      source((_, position) => (position % 4 === 1 ? 0.6 : 1)),
    )
    expect(noisy.filter((sample) => sample.variant === 'a')).toHaveLength(10)
  })
})

const fakeSample: BurstSample = {
  scenario: 'hot-read',
  variant: '',
  round: 0,
  position: 0,
  connections: 1,
  duration_s: 1,
  requests: 0,
  rps: 0,
  latency_ms: { p50: 1, p90: 1, p97_5: 1, p99: 1, max: 1 },
  errors: 0,
  timeouts: 0,
  status_codes: {},
  server_cpu_us_per_req: null,
  redis_cpu_us_per_req: null,
  redis_commands_per_req: null,
  credential_bytes: 0,
  valid: true,
}

describe('runBlocks: the variants compared share a block, each group visited twice in mirrored order', () => {
  const target = (variant: string): BurstTarget => ({
    variant,
    url: 'http://unused',
    pid: 0,
    credential: { tokenType: 'None', headers: {}, bytes: 0, expiresInS: 0 },
    usesRedis: false,
  })
  const targets = ['none', 'a', 'cached-a', 'b'].map(target)
  const plan = {
    label: 'hot read',
    scenario: SCENARIOS['hot-read'],
    connections: 1,
    durationS: 1,
    rounds: 4,
    baseline: 'none',
  }
  /** Every variant at 0.8 of the baseline in block 0, 0.02 more in each later block (a drift through the stage). */
  const drifting: typeof runBurst = async (burstTarget, burst) => {
    const rps = burstTarget.variant === 'none' ? 1000 : 1000 * (0.8 + 0.02 * burst.round)
    return {
      ...fakeSample,
      variant: burstTarget.variant,
      round: burst.round,
      position: burst.position,
      rps,
      requests: rps,
    }
  }

  it('loads a group in one block, half its passes per visit, the second visits in reverse order', async () => {
    const samples = await runBlocks(targets, plan, 0, undefined, silentProgress, [['a', 'cached-a']], drifting)
    const blockOf = (variant: string) => [...new Set(samples.filter((s) => s.variant === variant).map((s) => s.round))]
    expect(blockOf('a')).toEqual(blockOf('cached-a'))
    expect(blockOf('a')).toHaveLength(2)
    expect(blockOf('b')).toHaveLength(2)
    // Mirrored: A B, then B A.
    const [first, second] = [blockOf('a'), blockOf('b')]
    expect([...(first ?? []), ...(second ?? [])].sort()).toEqual([0, 1, 2, 3])
    expect((first?.[0] ?? 0) + (first?.[1] ?? 0)).toBe((second?.[0] ?? 0) + (second?.[1] ?? 0))
    for (const variant of ['a', 'cached-a', 'b']) expect(samples.filter((s) => s.variant === variant)).toHaveLength(4)
  })

  it('cancels a drift that runs one way through the stage: every variant of equal work reads alike', async () => {
    const samples = await runBlocks(targets, plan, 0, undefined, silentProgress, [['a', 'cached-a']], drifting)
    const hot = aggregateBursts(samples, 'none')[0]
    const median = (variant: string) => hot?.variants.find((entry) => entry.variant === variant)?.rps_ratio?.median
    expect(median('a')).toBeCloseTo(0.83, 6)
    expect(median('b')).toBeCloseTo(0.83, 6)
  })
})
