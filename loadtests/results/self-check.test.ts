import { describe, expect, it } from 'vitest'
import type { BurstSection, Spread, VariantAggregate } from './results-types.js'
import { cacheParent, comparedGroups, pairedDifferences, selfCheck, SMALLEST_EFFECT, UNRELIABLE } from './self-check.js'
import { median } from './statistics.js'
import { fakeBurst } from './burst-fixture.js'

const spread = (median: number, q1 = median, q3 = median): Spread => ({ median, q1, q3, cv: 0, n: 6 })
const entry = (variant: string, ratio: number): VariantAggregate => ({
  variant,
  valid_bursts: 6,
  invalid_bursts: 0,
  rps: spread(1000 * ratio),
  rps_ratio: spread(ratio),
  latency_ms: null,
  p99_ratio: null,
  server_cpu_us_per_req: null,
  server_cpu_ratio: null,
  redis_cpu_us_per_req: null,
  redis_commands_per_req: null,
  credential_bytes: 0,
})
const hotRead = (ratios: Record<string, number>, floor = spread(1, 0.97, 1.03)): BurstSection => ({
  samples: [],
  aggregates: [
    {
      scenario: 'hot-read',
      connections: 32,
      variants: Object.entries(ratios).map(([variant, ratio]) => entry(variant, ratio)),
      noise_floor: floor,
    },
  ],
})
const pairs: [string, string][] = [['jwt', 'jwt:revocation=refresh']]

const burst = fakeBurst

/** Rounds of `none, a, none, b, none`, each variant reading its series' ratio in each round. */
const measured = (series: Record<string, number[]>): BurstSection => {
  const variants = Object.keys(series)
  const rounds = series[variants[0]!]!.length
  const samples = Array.from({ length: rounds }, (_, round) =>
    variants
      .flatMap((variant, index) => [
        burst('none', round, 2 * index, 1),
        burst(variant, round, 2 * index + 1, series[variant]![round]!),
      ])
      .concat(burst('none', round, 2 * variants.length, 1)),
  ).flat()
  const medians = Object.fromEntries(variants.map((variant) => [variant, median(series[variant]!)]))
  return { ...hotRead(medians), samples }
}

describe('the run checks itself', () => {
  it('is quiet when identical work measures alike and every cache reads at least as fast as its store', () => {
    const run = hotRead({ jwt: 0.8, 'jwt:revocation=refresh': 0.78, session: 0.5, 'session:cache-ttl=1000': 0.7 })
    expect(selfCheck(run, pairs)).toEqual([])
  })

  it('fires when an identical-work pair sits further apart than the tolerance', () => {
    const [warning] = selfCheck(hotRead({ jwt: 0.68, 'jwt:revocation=refresh': 0.48 }), pairs)
    expect(warning).toContain(`${UNRELIABLE} jwt 0.68 vs jwt:revocation=refresh 0.48, identical work`)
  })

  it('fires when a cache reads slower than the store it saves, parent found whatever the other flags', () => {
    const warnings = selfCheck(
      hotRead({ 'jwt:revocation=denylist': 0.6, 'jwt:cache-ttl=1000,revocation=denylist': 0.4 }),
      pairs,
    )
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(
      'jwt:cache-ttl=1000,revocation=denylist 0.40 reads slower than jwt:revocation=denylist 0.60',
    )
  })

  it('takes the noise floor as its tolerance, never less than the smallest effect', () => {
    const close = { jwt: 0.8, 'jwt:revocation=refresh': 0.8 - SMALLEST_EFFECT * 0.9 }
    expect(selfCheck(hotRead(close, spread(1, 1, 1)), pairs)).toEqual([])
    const apart = { jwt: 0.8, 'jwt:revocation=refresh': 0.65 }
    expect(selfCheck(hotRead(apart, spread(1, 0.9, 1.1)), pairs)).toEqual([])
    expect(selfCheck(hotRead(apart, spread(1, 0.95, 1.05)), pairs)).toHaveLength(1)
  })

  it('names the store a cache saves', () => {
    expect(cacheParent('session:cache-ttl=1000')).toBe('session')
    expect(cacheParent('apikey:cache-ttl=1000,invalidation=pubsub')).toBe('apikey')
    expect(cacheParent('jwt:cache-ttl=5000,revocation=denylist')).toBe('jwt:revocation=denylist')
    expect(cacheParent('jwt:revocation=denylist')).toBeUndefined()
  })

  it('groups the variants it compares: twins, and a store with every cache of it', () => {
    const variants = [
      'none',
      'jwt',
      'jwt:revocation=refresh',
      'jwt:revocation=denylist',
      'jwt:cache-ttl=1000,revocation=denylist',
      'jwt:cache-ttl=1000,invalidation=pubsub,revocation=denylist',
      'session',
      'apikey',
    ]
    const groups = comparedGroups(variants, [['jwt', 'jwt:revocation=refresh']]).map((group) => [...group].sort())
    expect(groups.sort()).toEqual([
      ['jwt', 'jwt:revocation=refresh'],
      [
        'jwt:cache-ttl=1000,invalidation=pubsub,revocation=denylist',
        'jwt:cache-ttl=1000,revocation=denylist',
        'jwt:revocation=denylist',
      ],
    ])
    // A pair whose other half is not in the run groups nothing.
    expect(comparedGroups(['none', 'jwt', 'session:cache-ttl=1000'], [['jwt', 'jwt:revocation=refresh']])).toEqual([])
  })

  describe('with 6 rounds or more, the rounds decide', () => {
    // Medians 0.62 and 0.72, 0.10 apart: past any tolerance. But the rounds disagree on the sign.
    const chance = {
      jwt: [0.6, 0.8, 0.55, 0.66, 0.58, 0.75, 0.62],
      'jwt:revocation=refresh': [0.75, 0.7, 0.75, 0.6, 0.8, 0.7, 0.72],
    }

    it('takes the per-round differences, each against its own neighbouring baseline bursts', () => {
      const differences = pairedDifferences(measured(chance).samples, 'jwt', 'jwt:revocation=refresh')
      expect(differences.map((value) => Number(value.toFixed(2)))).toEqual([-0.15, 0.1, -0.2, 0.06, -0.22, 0.05, -0.1])
    })

    it('pairs the k-th rounds of two blocks when the reads ran one variant at a time', () => {
      // Block 0: none, jwt, none, jwt, none; block 1 the same for the refresh mode.
      const block = (variant: string, round: number, ratios: number[]) =>
        ratios.flatMap((ratio, pass) => [burst('none', round, 2 * pass, 1), burst(variant, round, 2 * pass + 1, ratio)])
      const samples = [
        ...block('jwt', 0, [0.7, 0.6]),
        burst('none', 0, 4, 1),
        ...block('jwt:revocation=refresh', 1, [0.5, 0.65]),
        burst('none', 1, 4, 1),
      ]
      const differences = pairedDifferences(samples, 'jwt', 'jwt:revocation=refresh')
      expect(differences.map((value) => Number(value.toFixed(2)))).toEqual([0.2, -0.05])
    })

    it('stays quiet when two medians sit apart by chance: the rounds disagree on which is lower', () => {
      expect(selfCheck(measured(chance), pairs)).toEqual([])
    })

    it('fires when every round reads the rigged side lower, and says by how much', () => {
      const jwt = chance.jwt
      const rigged = { jwt, 'jwt:revocation=refresh': jwt.map((ratio, round) => ratio - 0.08 - (round % 2) * 0.02) }
      const [warning] = selfCheck(measured(rigged), pairs)
      expect(warning).toMatch(
        new RegExp(`^${UNRELIABLE} jwt 0\\.62 vs jwt:revocation=refresh 0\\.5\\d, identical work`),
      )
      expect(warning).toContain('per round 0.08 lower, 95% interval 0.08-0.10, over 7 rounds')
    })

    it('fires when a cache reads slower in every round, not when it is level with its store', () => {
      const session = [0.6, 0.62, 0.58, 0.65, 0.61, 0.6, 0.63]
      const slower = session.map((ratio) => ratio - 0.07)
      const level = session.map((ratio, round) => ratio + (round % 2 ? 0.06 : -0.07))
      expect(selfCheck(measured({ session, 'session:cache-ttl=1000': slower }), pairs)).toEqual([
        expect.stringContaining('session:cache-ttl=1000 0.54 reads slower than session 0.61'),
      ])
      expect(selfCheck(measured({ session, 'session:cache-ttl=1000': level }), pairs)).toEqual([])
    })
  })
})
