import type { FailoverSection } from './failover-section.js'

const cell = (value: number | null) => (value === null ? '-' : String(value))

/** The summary's failover table: one row per variant and durability, the numbers the issue asks for. */
export function renderFailoverMarkdown(section: FailoverSection): string {
  const rows = section.runs.map((run) =>
    [
      run.variant,
      run.durable_revocation ? 'yes' : 'no',
      cell(run.promoted_after_ms),
      cell(run.unavailable_ms),
      `${run.failed} / ${run.requests}`,
      cell(run.p99_ms),
      `${run.revocations_acknowledged} / ${run.revocations_acknowledged + run.revocations_refused}`,
      cell(run.lost_revocations),
      cell(run.logout_p50_ms),
    ].join(' | '),
  )
  return [
    '## Failover (Redis Sentinel, server replicas behind HAProxy)',
    '',
    `${section.method.replicas} replicas per variant; replica lag ${section.method.replication_lag_ms} ms on purpose; one failover per row.`,
    '',
    '| variant | durable revocation | promoted after ms | unavailable ms | failed / requests | p99 ms | logouts acknowledged / sent | lost revocations | logout p50 ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    `Method: ${section.method.description}`,
    '',
  ].join('\n')
}
