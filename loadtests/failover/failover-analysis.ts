import { quantile } from '../results/statistics.js'
import type { TimelineRecord } from '../runner/timeline-client.js'

/** One 100 ms slice of the load through the balancer, on the clock of the kill (t = 0). */
export interface TimelineBucket {
  readonly t_ms: number
  readonly ok: number
  readonly failed: number
}

export interface Availability {
  /**
   * From the first failed answer after the kill to the first 2xx of the run of 2xx that lasts to
   * the end of the load; 0 when nothing failed; null when the load ended still failing.
   */
  readonly unavailable_ms: number | null
  readonly requests: number
  /** Answers that were not 2xx (503 from a server or from HAProxy, network errors). */
  readonly failed: number
  /** The failed answers by what they were: a problem `code`, `503 ...` from HAProxy, a network error. */
  readonly failed_by: Readonly<Record<string, number>>
  readonly p99_ms: number
  readonly timeline: readonly TimelineBucket[]
}

export const BUCKET_MS = 100
const isOk = (record: TimelineRecord) => record.status >= 200 && record.status < 300

/** The paced load's clock: when it started, when the logouts began, the kill, when it was stopped. */
export interface LoadClock {
  readonly startedAt: number
  readonly windowStartedAt: number
  readonly killAt: number
  readonly stoppedAt: number
}

export interface Pacing {
  /** Requests the rate asked for over the whole load: rate x its duration. */
  readonly requests_due: number
  /** The same over the logout window (its start to the kill), and how many the client sent in it. */
  readonly window_requests_due: number
  readonly window_requests_sent: number
}

/**
 * Due against sent. The client is paced but closed-loop (each connection sends its next request
 * once its last one is answered): answers held up send fewer requests, not failed ones. Without
 * this a run whose reads waited looks like a shorter run.
 */
export function pacingOf(records: readonly TimelineRecord[], ratePerSecond: number, clock: LoadClock): Pacing {
  const due = (from: number, to: number) => Math.round((ratePerSecond * Math.max(0, to - from)) / 1000)
  return {
    requests_due: due(clock.startedAt, clock.stoppedAt),
    window_requests_due: due(clock.windowStartedAt, clock.killAt),
    window_requests_sent: records.filter(
      (record) => record.sentAt >= clock.windowStartedAt && record.sentAt < clock.killAt,
    ).length,
  }
}

/** What the steady load saw of a failover that began at `killAt` (performance.now() milliseconds). */
export function analyseAvailability(records: readonly TimelineRecord[], killAt: number): Availability {
  const byAnswer = [...records].sort((a, b) => a.receivedAt - b.receivedAt)
  const afterKill = byAnswer.filter((record) => record.receivedAt >= killAt)
  const firstFailure = afterKill.findIndex((record) => !isOk(record))
  let unavailable: number | null = 0
  if (firstFailure >= 0) {
    const lastFailure = afterKill.findLastIndex((record) => !isOk(record))
    const backAt = afterKill[lastFailure + 1]
    const start = afterKill[firstFailure] as TimelineRecord
    unavailable = backAt ? Math.round(backAt.receivedAt - start.receivedAt) : null
  }
  const buckets = new Map<number, { ok: number; failed: number }>()
  for (const record of byAnswer) {
    const slot = Math.floor((record.receivedAt - killAt) / BUCKET_MS) * BUCKET_MS
    const bucket = buckets.get(slot) ?? { ok: 0, failed: 0 }
    if (isOk(record)) bucket.ok++
    else bucket.failed++
    buckets.set(slot, bucket)
  }
  const failedBy: Record<string, number> = {}
  for (const record of records) {
    if (isOk(record)) continue
    const what = record.failure?.startsWith('503 ')
      ? '503 (balancer: no replica up)'
      : (record.failure ?? String(record.status))
    failedBy[what] = (failedBy[what] ?? 0) + 1
  }
  const latencies = records.map((record) => record.receivedAt - record.sentAt)
  return {
    unavailable_ms: unavailable,
    requests: records.length,
    failed: records.filter((record) => !isOk(record)).length,
    failed_by: failedBy,
    p99_ms: latencies.length > 0 ? Math.round(quantile(latencies, 0.99) * 10) / 10 : 0,
    timeline: [...buckets.entries()].sort(([a], [b]) => a - b).map(([t_ms, counts]) => ({ t_ms, ...counts })),
  }
}
