import { describe, expect, it } from 'vitest'
import { findings, MAX_FINDINGS } from './findings.js'
import { loadFixture } from './fixtures/load-fixture.js'
import { requirementRows } from './requirements.js'
import type { StoreOutageSection } from '../store/store-section.js'

const results = loadFixture()
const sentences = findings(results)
const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
const ratio = (variant: string) => hot?.variants.find((entry) => entry.variant === variant)?.rps_ratio
const said = (variant: string) => `${ratio(variant)?.median.toFixed(2)}× [IQR ${ratio(variant)?.q1.toFixed(2)}–`

describe('findings', () => {
  it('are at most eight, each with numbers from the file', () => {
    expect(sentences.length).toBeGreaterThan(3)
    expect(sentences.length).toBeLessThanOrEqual(MAX_FINDINGS)
    for (const sentence of sentences) expect(sentence).toMatch(/\d/)
  })

  it("say how long a stateless token outlives its logout at the servers' default lifetime, the lab's as the method", () => {
    const run = results.revocation?.runs.find((entry) => entry.variant === 'jwt')
    const sentence = sentences.find((entry) => entry.startsWith('A token that cannot be revoked'))
    // 15 min: the token servers' default, not the lab's short test credential.
    expect(sentence).toContain('up to 15 min for jwt')
    expect(sentence).toContain(`Method: the lab's ${results.revocation?.method.token_ttl_s} s test credential`)
    expect(sentence).toContain(`outlived its revoke by ${((run?.window_ms ?? 0) / 1000).toFixed(2)} s`)
    // A rate is the holder's, not the load generator's pace times a lifetime.
    expect(sentence).not.toMatch(/requests per/)
  })

  it('price prompt revocation against the token that cannot revoke, as ratios from the same run', () => {
    const sentence = sentences.find((entry) => entry.startsWith('Revocation within 0.5 s'))
    expect(sentence).toContain(`the cheapest, session, served ${said('session')}`)
    expect(sentence).toContain(`against ${said('jwt')}`)
  })

  it('name the cache window on the other replica, and which variants ask Redis on every read', () => {
    expect(sentences).toContain(
      'An in-process cache without invalidation (session:cache-ttl=1000, server said "deferred; within=1000") kept serving a revoked credential for 0.60 s on 1 of 2 replicas (120 requests).',
    )
    expect(sentences.find((entry) => entry.includes('asked Redis on every read'))).toMatch(
      /^session and apikey asked Redis on every read \(1\.01–1\.03 commands per request\).*jwt and paseto asked it nothing/,
    )
  })

  it('put an attack that got through first', () => {
    const broken = loadFixture()
    const jwt = broken.attacks?.variants.find((variant) => variant.variant === 'jwt')
    const verdicts = {
      ...jwt?.results,
      'jwt-alg-none': { verdict: 'accepted' as const, status: '200', expected: { status: 401 }, reference: '' },
    }
    const attacks = broken.attacks && {
      ...broken.attacks,
      passed: false,
      totals: { ...broken.attacks.totals, accepted: 1 },
      variants: broken.attacks.variants.map((variant) =>
        variant === jwt ? { ...variant, results: verdicts } : variant,
      ),
    }
    expect(findings({ ...broken, ...(attacks && { attacks }) })[0]).toBe(
      '1 of 7 attacks got through: jwt-alg-none on jwt (accepted, HTTP 200).',
    )
  })

  it('say nothing about sections the run did not collect', () => {
    const { revocation: _revocation, attacks: _attacks, sweep: _sweep, ...rest } = loadFixture()
    const text = findings(rest).join(' ')
    expect(text).not.toMatch(/revoke|logout|attacks|sweep/)
  })

  it('read a store outage when the run has one, and say who kept serving', () => {
    // Only the fields the reader uses (the section's method and timelines are left out here).
    const withOutage = {
      ...loadFixture(),
      store_outage: {
        runs: [
          { variant: 'jwt', mode: 'kill', served_during_outage: 812, refused_during_outage: 0, hung: 0 },
          { variant: 'session', mode: 'kill', served_during_outage: 0, refused_during_outage: 640, hung: 0 },
        ],
      } as unknown as StoreOutageSection,
    }
    expect(findings(withOutage)).toContain(
      'With Redis down, jwt (812 served) kept serving; session failed closed (640 refused, none let through).',
    )
    const outage = requirementRows(withOutage).find((row) => row.requirement.startsWith('reads survive a store outage'))
    expect(outage?.meeting).toEqual(['jwt'])
    expect(
      requirementRows(loadFixture()).find((row) => row.requirement.startsWith('reads survive a store outage'))?.meeting,
    ).toBe(undefined)
  })

  it('counts background store traffic (the watchdog PING) as no store on the read path', () => {
    const withBackground = loadFixture()
    const hot = withBackground.throughput?.aggregates.find((entry) => entry.scenario === 'hot-read')
    for (const entry of hot?.variants ?? []) {
      // A PING every few hundred requests, as a real run measures it next to the read path's own.
      const spread = entry.redis_commands_per_req
      if (spread) Object.assign(entry, { redis_commands_per_req: { ...spread, median: spread.median + 0.005 } })
    }
    const row = requirementRows(withBackground).find(
      (candidate) => candidate.requirement === 'no store on the read path',
    )
    expect(row?.meeting).toContain('jwt')
    expect(row?.meeting).not.toContain('session')
  })

  it('say one login rate when every strategy logs in alike (the same password hash), never "2.00–2.00"', () => {
    const sameHash = structuredClone(results)
    const login = sameHash.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'login-storm')
    for (const entry of login?.variants ?? []) {
      if (entry.rps) Object.assign(entry, { rps: { ...entry.rps, median: 2 } })
    }
    const sentence = findings(sameHash).find((entry) => entry.startsWith('A login costs'))
    expect(sentence).toContain('2.00 logins/s in each')
    expect(sentence).not.toMatch(/(\S+)–\1 logins/)
  })
})
