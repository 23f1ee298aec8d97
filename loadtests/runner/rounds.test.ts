import { describe, expect, it } from 'vitest'
import { convergedOn } from '../results/convergence.js'
import type { BurstSample } from '../results/results-types.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import type { runBurst } from './burst.js'
import { silentProgress } from './progress.js'
import { roundOrder, runRounds } from './rounds.js'

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
