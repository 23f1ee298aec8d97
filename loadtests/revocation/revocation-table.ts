import type { ThroughputFigure } from '../results/hot-read.js'
import type { RevocationSection } from './revocation-section.js'

const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`
const seconds = (ms: number) => (ms / 1000).toFixed(2)

/**
 * The trade-off in one table: for every variant and kind of revoke, how long the dead credential kept
 * working and how many requests got through, next to what the variant costs in throughput.
 */
export function renderRevocationTable(
  section: RevocationSection,
  throughputOf: (variant: string) => ThroughputFigure | undefined,
): string {
  const { method } = section
  const header = [
    'variant',
    'revoke',
    'server said',
    'window s (worst replica)',
    'per replica s',
    'accepted after revoke',
    'refused before expiry',
    'hot-read req/s (ratio)',
  ]
  const lines = section.runs.map((run) => {
    const throughput = throughputOf(run.variant)
    return row([
      run.variant,
      run.kind,
      run.auth_revocation ?? `HTTP ${run.revoke_status}`,
      seconds(run.window_ms),
      run.replicas.map((replica) => seconds(replica.last_accepted_ms ?? 0)).join(' / '),
      run.accepted_after_revoke,
      run.refused_before_expiry ? 'yes' : `**no** (expired ${seconds(Math.max(0, run.life_left_ms))} s after)`,
      throughput ? `${Math.round(throughput.rps).toLocaleString('en-US')} (${throughput.ratio.toFixed(2)})` : '–',
    ])
  })
  return [
    '## Revocation: how long a dead credential keeps working',
    '',
    `Method: ${method.replicas} replica(s) of each variant on one Redis; steady load of ${method.rate_per_s} req/s over ` +
      `${method.connections} connections, ${method.balancer ? 'through HAProxy (round-robin, health-checked; the replica of each answer from its X-Authlab-Replica header)' : 'round-robin over the replicas'}, with one credential; after ${method.lead_in_ms} ms ` +
      `the credential is revoked through ${method.balancer ? 'HAProxy (whichever replica it picks)' : 'replica 0'} (${method.kinds.join(', then ')}: revoke-all from a second login of the ` +
      `same user). The window runs from the revoke call's answer to the last request that was still accepted ` +
      `(sent after that answer). Credentials live ${method.token_ttl_s} s; verifiers ran with no clock tolerance ` +
      `(add yours to the windows of stateless tokens). Load stops once every replica has refused for ${method.settle_ms} ms, or at expiry. ` +
      `With an in-process cache the window depends on the entry's age at the revoke, anywhere from 0 to the TTL; ` +
      `"server said" gives the bound. Password hashing for these servers: scrypt log2(N) = ${method.scrypt_log_n} (no login is measured here).`,
    '',
    row(header),
    row(header.map(() => '---')),
    ...lines,
    '',
  ].join('\n')
}
