import { describe, expect, it } from 'vitest'
import type { LabResults } from '../stages.js'
import type { StoreLatencySection, StoreOutageSection } from '../store/store-section.js'
import { chartMarks, loadFixture } from './fixtures/load-fixture.js'
import { renderHtml } from './render-html.js'
import { renderMarkdown } from './render-markdown.js'

const point = (variant: string, rtt: number, p50: number) => ({
  variant,
  strategy: variant.split(':')[0] ?? variant,
  rtt_ms: rtt,
  latency_ms: { p50, p90: p50 * 2, p99: p50 * 3 },
  requests: 100,
  non_2xx: 0,
  rps_ratio: null,
  rps: null,
})

const latency: StoreLatencySection = {
  method: {
    rtts_ms: [0, 5],
    rate_per_s: 100,
    open_seconds: 1,
    rounds: 0,
    burst_s: 1,
    connections: 8,
    description: 'd',
  },
  points: [point('jwt', 0, 1), point('session', 0, 1.2), point('jwt', 5, 1.1), point('session', 5, 6.4)],
}

const counts = (served: number[], refused: number[]) => ({
  '2xx': served,
  '401': served.map(() => 0),
  '503': refused,
  other: served.map(() => 0),
  no_answer: served.map(() => 0),
})
const run = (variant: string, mustFailClosed: boolean, served: number[], refused: number[]) => ({
  variant,
  strategy: variant,
  mode: 'kill' as const,
  must_fail_closed: mustFailClosed,
  insecure_fail_open: false,
  revocation_effect: 'immediate',
  requests: 12,
  served_during_outage: mustFailClosed ? 0 : 4,
  refused_during_outage: refused.reduce((a, b) => a + b, 0),
  hung: 0,
  revoked_accepted_during_outage: 0,
  revoked_accepted_before: 0,
  recovery_ms: 40,
  skipped: 0,
  timeline: { bin_ms: 100, start_ms: -100, outage_ms: 200, counts: counts(served, refused) },
})
const outage: StoreOutageSection = {
  method: {
    modes: ['kill'],
    seconds: 0.2,
    rate_per_s: 40,
    lead_in_ms: 100,
    store_timeout_ms: 1000,
    hung_after_ms: 2000,
    bin_ms: 100,
    description: 'd',
  },
  runs: [run('jwt', false, [4, 4, 4, 4], [0, 0, 0, 0]), run('session', true, [4, 0, 0, 4], [0, 4, 4, 0])],
}

describe('the store sections of the report', () => {
  const results: LabResults = { ...loadFixture(), store_latency: latency, store_outage: outage }

  it('draws one latency point per variant and RTT, and one status column per 100 ms bin', () => {
    const html = renderHtml(results)
    expect(chartMarks(html, 'store-latency').map((mark) => [mark.series, mark.x, mark.y])).toEqual([
      ['jwt', '0', '1'],
      ['jwt', '5', '1.1'],
      ['session', '0', '1.2'],
      ['session', '5', '6.4'],
    ])
    expect(chartMarks(html, 'store-outage-0')).toHaveLength(4)
    expect(chartMarks(html, 'store-outage-1').map((mark) => mark.t)).toEqual(['-100', '0', '100', '200'])
    // The verdict is read from the data: jwt flat, session one round trip per read.
    expect(html).toContain('flat, under 0.25: jwt (0.02)')
    expect(html).toContain('At least one store round trip per read (0.75 or more): session (1.04)')
  })

  it('puts the same tables in report.md', () => {
    const markdown = renderMarkdown(results)
    expect(markdown).toContain('## Store latency: Redis moved away')
    expect(markdown).toContain('| session | killed | yes | immediate | 0 | 8 | 0 | 0 (0) | 40 |')
  })
})
