import { describe, expect, it } from 'vitest'
import type { TimelineRecord } from '../runner/timeline-client.js'
import { analyseAvailability, pacingOf } from './failover-analysis.js'
import { failoverSection } from './failover-report.js'
import type { FailoverSection } from './failover-section.js'
import { renderFailoverMarkdown } from './failover-table.js'
import type { LabResults } from '../stages.js'

const answer = (receivedAt: number, status: number, failure?: string): TimelineRecord => ({
  replica: 0,
  sentAt: receivedAt - 2,
  receivedAt,
  status,
  expired: false,
  ...(failure !== undefined && { failure }),
})

describe('analyseAvailability', () => {
  it('measures from the first failure after the kill to the 2xx run that lasts to the end', () => {
    const records = [
      answer(900, 200),
      answer(1050, 200),
      answer(1100, 503, 'ERR_STORE_UNAVAILABLE'),
      answer(1200, 200), // a lucky answer in the gap does not end it
      answer(1300, 503, '503 <html>No server is available'),
      answer(1400, 0, 'ECONNRESET'),
      answer(1500, 200),
      answer(1600, 200),
    ]
    const seen = analyseAvailability(records, 1000)
    expect(seen.unavailable_ms).toBe(400)
    expect(seen.failed).toBe(3)
    expect(seen.requests).toBe(8)
    expect(seen.failed_by).toEqual({ ERR_STORE_UNAVAILABLE: 1, '503 (balancer: no replica up)': 1, ECONNRESET: 1 })
    expect(seen.timeline.find((bucket) => bucket.t_ms === 100)).toEqual({ t_ms: 100, ok: 0, failed: 1 })
  })

  it('says 0 when nothing failed, and null when the load ended still failing', () => {
    expect(analyseAvailability([answer(1100, 200)], 1000).unavailable_ms).toBe(0)
    expect(analyseAvailability([answer(1100, 200), answer(1200, 503, 'x')], 1000).unavailable_ms).toBeNull()
  })
})

describe('requests due and sent', () => {
  const sent = (sentAt: number): TimelineRecord => ({ ...answer(sentAt + 2, 200), sentAt })
  const clock = { startedAt: 0, windowStartedAt: 1000, killAt: 3000, stoppedAt: 8000 }

  it('counts what the rate asked for, overall and in the logout window, against what was sent', () => {
    // 200/s for 8 s; in the 2 s window only a handful left the client (they waited behind WAIT).
    const records = [...[10, 500, 999].map(sent), ...[1000, 2500, 2999].map(sent), ...[3000, 7000].map(sent)]
    expect(pacingOf(records, 200, clock)).toEqual({
      requests_due: 1600,
      window_requests_due: 400,
      window_requests_sent: 3,
    })
  })

  it('puts due and sent in the table, and says why a run sent fewer', () => {
    const base = {
      variant: 'jwt:revocation=denylist',
      replicas: 2,
      promoted_after_ms: 2300,
      unavailable_ms: 4000,
      failed: 500,
      failed_by: {},
      p99_ms: 500,
      revocations_acknowledged: 18,
      revocations_refused: 21,
      lost_revocations: 0,
      logout_p50_ms: 840,
      logout_p99_ms: 1200,
      timeline: [],
    }
    const section: FailoverSection = {
      method: {
        replicas: 2,
        rate_per_second: 200,
        revocations_per_second: 20,
        replication_lag_ms: 250,
        down_after_ms: 1000,
        description: 'test',
      },
      runs: [
        {
          ...base,
          durable_revocation: false,
          requests: 1580,
          requests_due: 1620,
          window_requests_due: 400,
          window_requests_sent: 402,
        },
        {
          ...base,
          durable_revocation: true,
          requests: 969,
          requests_due: 1580,
          window_requests_due: 400,
          window_requests_sent: 28,
        },
      ],
    }
    const table = renderFailoverMarkdown(section)
    expect(table).toContain('| reads sent / due | logout window: reads sent / due |')
    expect(table).toContain('| 500 / 1580 | 1580 / 1620 | 402 / 400 |')
    expect(table).toContain('| 500 / 969 | 969 / 1580 | 28 / 400 |')
    expect(table).toContain('Fewer reads sent than due (jwt:revocation=denylist durable)')
    expect(table).toContain('missing, not failed')
    // The HTML report renders the same table.
    expect(failoverSection({ failover: section } as unknown as LabResults)).toContain('<th>reads sent / due</th>')
    // A results file from before: a dash, no claim.
    const { requests_due: _d, window_requests_due: _w, window_requests_sent: _s, ...old } = section.runs[1]!
    const before = renderFailoverMarkdown({ ...section, runs: [old] })
    expect(before).toContain('| 500 / 969 | - | - |')
    expect(before).not.toContain('Fewer reads')
  })
})

describe('the report section', () => {
  it('draws one timeline per run, every bucket a mark, kill and promotion marked', () => {
    const run = {
      variant: 'session',
      durable_revocation: true,
      replicas: 2,
      promoted_after_ms: 2300,
      unavailable_ms: 3000,
      requests: 30,
      failed: 10,
      failed_by: { ERR_STORE_UNAVAILABLE: 10 },
      p99_ms: 900,
      revocations_acknowledged: 5,
      revocations_refused: 2,
      lost_revocations: 0,
      logout_p50_ms: 300,
      logout_p99_ms: 480,
      timeline: [
        { t_ms: -100, ok: 10, failed: 0 },
        { t_ms: 0, ok: 0, failed: 10 },
        { t_ms: 100, ok: 10, failed: 0 },
      ],
    }
    const failover: FailoverSection = {
      method: {
        replicas: 2,
        rate_per_second: 100,
        revocations_per_second: 20,
        replication_lag_ms: 250,
        down_after_ms: 1000,
        description: 'test',
      },
      runs: [run, { ...run, durable_revocation: false, lost_revocations: 3 }],
    }
    const html = failoverSection({ failover } as unknown as LabResults)
    expect(html.match(/<svg/g)).toHaveLength(2)
    expect(html.match(/data-t="/g)).toHaveLength(6)
    expect(html).toContain('>kill<')
    expect(html).toContain('>promoted<')
    expect(html).toContain('3 of 5 acknowledged logouts lost')
    expect(failoverSection({} as LabResults)).toBe('')
  })
})
