import { describe, expect, it } from 'vitest'
import type { BurstSection, Spread, VariantAggregate } from './results-types.js'
import { cacheParent, selfCheck, SMALLEST_EFFECT, UNRELIABLE } from './self-check.js'

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
})
