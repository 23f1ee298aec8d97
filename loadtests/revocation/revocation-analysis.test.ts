import { describe, expect, it } from 'vitest'
import type { TimelineRecord } from '../runner/timeline-client.js'
import { analyseRevocation, binTimeline } from './revocation-analysis.js'

const at = (replica: number, sentAt: number, status: number, latency = 2, expired = false): TimelineRecord => ({
  replica,
  sentAt,
  receivedAt: sentAt + latency,
  status,
  expired,
})

// Revoke returns at t = 1000; the credential would expire at t = 10_000.
const RECORDS = [
  at(0, 900, 200),
  at(1, 950, 200),
  at(0, 999, 200, 5), // sent before the revoke returned: not a leak, whatever it got
  at(0, 1001, 401),
  at(1, 1002, 200), // replica 1 has a stale cache
  at(1, 1500, 200),
  at(0, 1600, 401),
  at(1, 2100, 401),
  at(1, 2200, 503),
]

describe('analyseRevocation', () => {
  it('counts what each replica let through after the revoke returned, and the window', () => {
    const result = analyseRevocation(RECORDS, 2, 1000, 10_000)
    expect(result.replicas[0]).toEqual({
      replica: 0,
      requests_after_revoke: 2,
      accepted_after_revoke: 0,
      last_accepted_ms: null,
      first_refused_ms: 3,
      other_answers: 0,
    })
    expect(result.replicas[1]).toMatchObject({
      accepted_after_revoke: 2,
      last_accepted_ms: 502,
      first_refused_ms: 1102,
      other_answers: 1,
    })
    expect(result.window_ms).toBe(502)
    expect(result.accepted_after_revoke).toBe(2)
    expect(result.refused_before_expiry).toBe(true)
  })

  it('says so when a replica never refused before the credential expired', () => {
    const neverRefused = RECORDS.filter((record) => !(record.replica === 1 && record.status === 401))
    expect(analyseRevocation(neverRefused, 2, 1000, 10_000).refused_before_expiry).toBe(false)
    // Refused, but only after the expiry: that is expiry at work, not revocation.
    expect(analyseRevocation(RECORDS, 2, 1000, 1500).refused_before_expiry).toBe(false)
  })

  it('does not count a refusal that says the credential expired (a JWT exp falls on a whole second)', () => {
    const expiredEarly = RECORDS.map((record) =>
      record.status === 401 && record.replica === 1 ? { ...record, expired: true } : record,
    )
    expect(analyseRevocation(expiredEarly, 2, 1000, 10_000).refused_before_expiry).toBe(false)
    expect(analyseRevocation(expiredEarly, 2, 1000, 10_000).replicas[1]?.first_refused_ms).toBe(1102)
  })
})

describe('binTimeline', () => {
  it('puts accepted and refused answers in 100 ms bins around the revoke, per replica', () => {
    const bins = binTimeline(RECORDS, 2, 1000)
    expect(bins.start_ms).toBe(-100)
    expect(bins.accepted[0]?.slice(0, 2)).toEqual([1, 1]) // answers at t = -98 and t = +4
    expect(bins.refused[0]?.[1]).toBe(1)
    expect(bins.accepted[1]?.reduce((a, b) => a + b)).toBe(3)
    expect(bins.refused[1]?.reduce((a, b) => a + b)).toBe(1) // the 503 is in neither series
  })
})
