import type { TimelineRecord } from '../runner/timeline-client.js'

/** What one replica did with the credential after the revoke call returned. */
export interface ReplicaWindow {
  readonly replica: number
  /** Requests sent after the revoke call had returned. */
  readonly requests_after_revoke: number
  /** Of those, how many the replica still accepted (200): the leak. */
  readonly accepted_after_revoke: number
  /** From the revoke call's return to the last accepted answer (ms); null when none was accepted. */
  readonly last_accepted_ms: number | null
  /** From the revoke call's return to the first refusal (ms); null when never refused. */
  readonly first_refused_ms: number | null
  /** Answers other than 200 and 401 (5xx, network errors): they make the run suspect. */
  readonly other_answers: number
}

export interface RevocationWindow {
  /** The longest window over all replicas: how long a dead credential kept working somewhere. */
  readonly window_ms: number
  readonly accepted_after_revoke: number
  /**
   * True when every replica refused the credential before it would have expired anyway: with a
   * refusal that did not say ERR_AUTH_EXPIRED, before the expiry bound of the login's expires_in.
   */
  readonly refused_before_expiry: boolean
  readonly replicas: readonly ReplicaWindow[]
}

/**
 * Reads a timeline around one revoke. All times are on the run's clock (ms). A request counts
 * "after the revoke" when it was SENT after the revoke call's answer arrived: the client had been
 * told the credential was dead, and the server still let it through.
 */
export function analyseRevocation(
  records: readonly TimelineRecord[],
  replicaCount: number,
  revokeReturnedAt: number,
  expiresAt: number,
): RevocationWindow {
  const revokedBeforeExpiry = (replica: number) =>
    records.some(
      (record) =>
        record.replica === replica &&
        record.sentAt >= revokeReturnedAt &&
        record.status === 401 &&
        !record.expired &&
        record.receivedAt < expiresAt,
    )
  const replicas = Array.from({ length: replicaCount }, (_, replica): ReplicaWindow => {
    const after = records.filter((record) => record.replica === replica && record.sentAt >= revokeReturnedAt)
    const accepted = after.filter((record) => record.status === 200)
    const refused = after.filter((record) => record.status === 401)
    const since = (time: number) => Math.round(time - revokeReturnedAt)
    return {
      replica,
      requests_after_revoke: after.length,
      accepted_after_revoke: accepted.length,
      last_accepted_ms: accepted.length ? since(Math.max(...accepted.map((record) => record.receivedAt))) : null,
      first_refused_ms: refused.length ? since(Math.min(...refused.map((record) => record.receivedAt))) : null,
      other_answers: after.length - accepted.length - refused.length,
    }
  })
  return {
    window_ms: Math.max(0, ...replicas.map((replica) => replica.last_accepted_ms ?? 0)),
    accepted_after_revoke: replicas.reduce((sum, replica) => sum + replica.accepted_after_revoke, 0),
    refused_before_expiry: replicas.every((replica) => revokedBeforeExpiry(replica.replica)),
    replicas,
  }
}

/** Accepted / refused counts per replica in fixed time bins, for the report's timeline chart. */
export interface TimelineBins {
  readonly bin_ms: number
  /** Start of the first bin, relative to the revoke call's return (negative: before it). */
  readonly start_ms: number
  /** Per replica, per bin. */
  readonly accepted: readonly (readonly number[])[]
  readonly refused: readonly (readonly number[])[]
}

export function binTimeline(
  records: readonly TimelineRecord[],
  replicaCount: number,
  revokeReturnedAt: number,
  binMs = 100,
): TimelineBins {
  const relative = records.map((record) => record.receivedAt - revokeReturnedAt)
  const start = Math.floor(Math.min(0, ...relative) / binMs) * binMs
  const bins = Math.max(1, Math.ceil((Math.max(0, ...relative) - start + 1) / binMs))
  const empty = () => Array.from({ length: replicaCount }, () => new Array<number>(bins).fill(0))
  const accepted = empty()
  const refused = empty()
  records.forEach((record, index) => {
    const bin = Math.floor(((relative[index] ?? 0) - start) / binMs)
    const series = record.status === 200 ? accepted : record.status === 401 ? refused : undefined
    const row = series?.[record.replica]
    if (row) row[bin] = (row[bin] ?? 0) + 1
  })
  return { bin_ms: binMs, start_ms: start, accepted, refused }
}
