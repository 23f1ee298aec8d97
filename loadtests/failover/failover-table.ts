import type { FailoverSection } from './failover-section.js'

const cell = (value: number | null) => (value === null ? '-' : String(value))
/** `sent / due`; `-` for a results file written before the client's pacing was recorded. */
const ofDue = (sent: number, due: number | undefined) => (due === undefined ? '-' : `${sent} / ${due}`)
/** Below this share of the due requests, the table says why a run can send fewer. */
const SHORT_OF_DUE = 0.9

/** The summary's failover table: one row per variant and durability, the numbers the issue asks for. */
export function renderFailoverMarkdown(section: FailoverSection): string {
  const rows = section.runs.map((run) =>
    [
      run.variant,
      run.durable_revocation ? 'yes' : 'no',
      cell(run.promoted_after_ms),
      cell(run.unavailable_ms),
      `${run.failed} / ${run.requests}`,
      ofDue(run.requests, run.requests_due),
      run.window_requests_sent === undefined ? '-' : ofDue(run.window_requests_sent, run.window_requests_due),
      cell(run.p99_ms),
      `${run.revocations_acknowledged} / ${run.revocations_acknowledged + run.revocations_refused}`,
      cell(run.lost_revocations),
      cell(run.logout_p50_ms),
    ].join(' | '),
  )
  const short = section.runs.filter(
    (run) =>
      (run.requests_due !== undefined && run.requests < SHORT_OF_DUE * run.requests_due) ||
      (run.window_requests_due !== undefined &&
        run.window_requests_sent !== undefined &&
        run.window_requests_sent < SHORT_OF_DUE * run.window_requests_due),
  )
  const why =
    short.length === 0
      ? []
      : [
          `Fewer reads sent than due (${short.map((run) => `${run.variant}${run.durable_revocation ? ' durable' : ''}`).join(', ')}): ` +
            'the client paces its connections, but each waits for its answer, so reads a server held up (a failover, a ' +
            'store that answers late, a read queued behind a WAIT on the same Redis connection) are missing, not failed.',
          '',
        ]
  return [
    '## Failover (Redis Sentinel, server replicas behind HAProxy)',
    '',
    `${section.method.replicas} replicas per variant; replica lag ${section.method.replication_lag_ms} ms on purpose; one failover per row; reads due at ${section.method.rate_per_second}/s.`,
    '',
    '| variant | durable revocation | promoted after ms | unavailable ms | failed / sent | reads sent / due | logout window: reads sent / due | p99 ms | logouts acknowledged / sent | lost revocations | logout p50 ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    ...why,
    `Method: ${section.method.description}`,
    '',
  ].join('\n')
}
