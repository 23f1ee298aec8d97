import { describe, expect, it } from 'vitest'
import { findings } from './findings.js'
import { loadFixture } from './fixtures/load-fixture.js'

const results = loadFixture()
const sentences = findings(results)
const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')

describe('what this run says', () => {
  it('gives each strategy its ratio to the baseline with the stored IQR', () => {
    for (const entry of hot?.variants.filter((variant) => variant.variant !== results.baseline) ?? []) {
      const ratio = entry.rps_ratio
      expect(sentences).toContain(
        `${entry.variant} served ${ratio?.median.toFixed(2)}× the baseline's requests/s on hot-read (32 connections) [IQR ${ratio?.q1.toFixed(2)}–${ratio?.q3.toFixed(2)}].`,
      )
    }
  })

  it('says how long each revoked credential kept working, and where', () => {
    expect(sentences).toContain(
      'jwt (server said "none") kept accepting the credential 1.70 s after logout on every replica, until it expired: 680 requests got through.',
    )
    expect(sentences).toContain(
      'session:cache-ttl=1000 (server said "deferred; within=1000") kept accepting the credential 0.60 s after logout on 1 of 2 replicas: 120 requests got through.',
    )
    expect(
      sentences.some((sentence) => sentence.startsWith('session refused the credential on every replica within')),
    ).toBe(true)
  })

  it('names the credential sizes, Redis use and attack totals from the file', () => {
    expect(sentences).toContain('Credentials ranged from 70 bytes (apikey) to 386 bytes (paseto) on every request.')
    expect(sentences.find((sentence) => sentence.includes('Redis commands per request'))).toMatch(
      /^session made 1\.03 and apikey made 1\.01 Redis commands per request; jwt and paseto made none\.$/,
    )
    expect(sentences).toContain(
      `All ${results.attacks?.totals.blocked} attacks that applied were blocked across 3 variants (${results.attacks?.totals['not-applicable']} did not apply).`,
    )
  })

  it('names an attack that got through', () => {
    const broken = loadFixture()
    const jwt = broken.attacks?.variants.find((variant) => variant.variant === 'jwt')
    const verdicts = {
      ...jwt?.results,
      'jwt-alg-none': { verdict: 'accepted' as const, status: '200', expected: { status: 401 }, reference: '' },
    }
    const attacks = broken.attacks && {
      ...broken.attacks,
      variants: broken.attacks.variants.map((variant) =>
        variant === jwt ? { ...variant, results: verdicts } : variant,
      ),
    }
    expect(findings({ ...broken, ...(attacks && { attacks }) })).toContain(
      '1 of 6 attacks got through: jwt-alg-none on jwt (accepted, HTTP 200).',
    )
  })

  it('says nothing about sections the run did not collect', () => {
    const { revocation: _revocation, attacks: _attacks, sweep: _sweep, ...rest } = loadFixture()
    const text = findings(rest).join(' ')
    expect(text).not.toMatch(/revoke|logout|attacks|sweep/)
  })
})
