import type { TimelineRecord } from '../runner/timeline-client.js'
import { NO_ANSWER } from '../runner/timeline-client.js'

/** Answers per status class in one time bin; the report stacks them. */
export const OUTAGE_CLASSES = ['2xx', '401', '503', 'other', 'no_answer'] as const
export type OutageClass = (typeof OUTAGE_CLASSES)[number]

export interface OutageTimeline {
  readonly bin_ms: number
  /** First bin's start, relative to the moment the store went down (negative: the lead-in). */
  readonly start_ms: number
  /** How long the store was down: bins from 0 to this are the outage. */
  readonly outage_ms: number
  /** By the time each request was sent: counts per class, one number per bin. */
  readonly counts: Readonly<Record<OutageClass, number[]>>
}

export interface OutageCounts {
  readonly requests: number
  /** 2xx to requests sent after the store went down and answered before it was back. */
  readonly served_during_outage: number
  /** 503s to those requests: refused, fail closed. */
  readonly refused_during_outage: number
  /** Requests (any time) with no answer within the store timeout plus 1 s. */
  readonly hung: number
  /** 2xx to the logged-out credential during the outage / answered before the store was touched. */
  readonly revoked_accepted_during_outage: number
  readonly revoked_accepted_before: number
  /** Store back -> the first 2xx to a request sent after that; null when none came. */
  readonly recovery_ms: number | null
}

export const classOf = (record: TimelineRecord): OutageClass =>
  record.failure === NO_ANSWER
    ? 'no_answer'
    : record.status >= 200 && record.status < 300
      ? '2xx'
      : record.status === 401
        ? '401'
        : record.status === 503
          ? '503'
          : 'other'

/**
 * Reads one variant's records. `liveIndex`/`revokedIndex`: which header set (record.replica) held
 * the live and the logged-out credential. Times are on the run's clock (performance.now()).
 */
export function analyseOutage(
  records: readonly TimelineRecord[],
  times: { readonly goingAt: number; readonly downAt: number; readonly backAt: number },
  revokedIndex: number,
): OutageCounts {
  const { goingAt, downAt, backAt } = times
  const during = records.filter((record) => record.sentAt >= downAt && record.receivedAt < backAt)
  const ok = (record: TimelineRecord) => classOf(record) === '2xx'
  const revoked = (record: TimelineRecord) => record.replica === revokedIndex
  const firstAfter = records
    .filter((record) => record.sentAt >= backAt && ok(record))
    .reduce((first, record) => Math.min(first, record.receivedAt), Infinity)
  return {
    requests: records.length,
    served_during_outage: during.filter(ok).length,
    refused_during_outage: during.filter((record) => record.status === 503).length,
    hung: records.filter((record) => classOf(record) === 'no_answer').length,
    revoked_accepted_during_outage: during.filter((record) => ok(record) && revoked(record)).length,
    revoked_accepted_before: records.filter((record) => record.receivedAt < goingAt && ok(record) && revoked(record))
      .length,
    recovery_ms: Number.isFinite(firstAfter) ? Math.round(firstAfter - backAt) : null,
  }
}

export function binOutage(
  records: readonly TimelineRecord[],
  times: { readonly downAt: number; readonly backAt: number; readonly startAt: number },
  binMs: number,
): OutageTimeline {
  const startMs = Math.floor((times.startAt - times.downAt) / binMs) * binMs
  const last = records.reduce((latest, record) => Math.max(latest, record.sentAt - times.downAt), 0)
  const size = Math.max(1, Math.floor((last - startMs) / binMs) + 1)
  const counts = Object.fromEntries(OUTAGE_CLASSES.map((name) => [name, new Array<number>(size).fill(0)])) as Record<
    OutageClass,
    number[]
  >
  for (const record of records) {
    const bin = Math.floor((record.sentAt - times.downAt - startMs) / binMs)
    const row = counts[classOf(record)]
    if (bin >= 0 && bin < size) row[bin] = (row[bin] ?? 0) + 1
  }
  return { bin_ms: binMs, start_ms: startMs, outage_ms: Math.round(times.backAt - times.downAt), counts }
}
