import { performance } from 'node:perf_hooks'
import { freshSecretsFor, strategyEntry } from '../../servers/registry.js'
import { login } from '../runner/credential.js'
import { startVariantServer, type LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import { startTimelineLoad, type TimelineRecord } from '../runner/timeline-client.js'
import type { VariantSpec } from '../runner/variants.js'
import { startHaproxy, type Balancer } from '../runner/haproxy.js'
import { waitUntilHealthy } from '../store/store-servers.js'
import { analyseRevocation, binTimeline, type RevocationWindow, type TimelineBins } from './revocation-analysis.js'

export const REVOKE_KINDS = ['logout', 'revoke-all'] as const
export type RevokeKind = (typeof REVOKE_KINDS)[number]

export interface RevocationOptions {
  /** Server processes of the same variant sharing one Redis; the revoke goes to the first. */
  readonly replicas: number
  /** Credential lifetime (AUTHLAB_TOKEN_TTL): short, so a token nobody can revoke dies in the run. */
  readonly tokenTtlS: number
  /** Steady load over all replicas, in requests per second. */
  readonly ratePerSecond: number
  readonly connections: number
  /**
   * Load before the revoke, so every replica has served (and cached) the credential. A cache entry's
   * age at the revoke decides how long it still serves (0 to the TTL): 1250 ms is deliberately not
   * a multiple of the usual TTLs (1 s, 5 s), which would put every revoke just as entries expire.
   */
  readonly leadInMs: number
  /** How long every replica must have refused before the measurement stops. */
  readonly settleMs: number
  readonly kinds: readonly RevokeKind[]
  /**
   * `haproxy`: the load and the revoke go through a real HAProxy in front of the replicas (round-robin,
   * health-checked), and each answer's replica comes from its X-Authlab-Replica header.
   */
  readonly balancer?: 'haproxy'
}

/** One revoke of one variant, measured: the window plus the timeline it was read from. */
export interface RevocationRun extends RevocationWindow {
  readonly variant: string
  readonly strategy: string
  readonly kind: RevokeKind
  readonly revoke_status: number
  /** What the server said it did: `immediate`, `none`, `deferred; within=N`. */
  readonly auth_revocation: string | null
  readonly revoke_call_ms: number
  /** How long the credential had left to live when the revoke returned: the window's upper bound. */
  readonly life_left_ms: number
  readonly timeline: TimelineBins
  /** Every request, relative to the revoke call's return: columns, so it stays compact in JSON. */
  readonly requests: {
    readonly sent_ms: number[]
    readonly latency_ms: number[]
    readonly status: number[]
    readonly replica: number[]
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** True once every replica has answered only 401 for the last `settleMs`. */
function settled(records: readonly TimelineRecord[], replicas: number, now: number, settleMs: number): boolean {
  const recent = records.filter((record) => record.receivedAt >= now - settleMs)
  return Array.from({ length: replicas }, (_, replica) => recent.filter((record) => record.replica === replica)).every(
    (answers) => answers.length > 0 && answers.every((record) => record.status === 401),
  )
}

/** AUTHLAB_REPLICA of replica `index` behind a balancer, and back from the header to the index. */
const replicaName = (index: number) => `replica-${index}`
const replicaIndex = (header: string | undefined) => {
  const match = /^replica-(\d+)$/.exec(header ?? '')
  return match ? Number(match[1]) : -1
}

async function revokeOnce(
  variant: VariantSpec,
  urls: readonly string[],
  kind: RevokeKind,
  options: RevocationOptions,
): Promise<RevocationRun> {
  // Through a balancer: one URL, and as many replicas as were started behind it.
  const replicas = options.balancer ? options.replicas : urls.length
  const loginAt = performance.now()
  const victim = await login(urls[0] ?? '')
  // "Log out everywhere" is clicked from another device: a second credential of the same user.
  const revoker = kind === 'logout' ? victim : await login(urls[0] ?? '')
  const expiresAt = loginAt + victim.expiresInS * 1000
  const load = startTimelineLoad({
    targets: urls,
    path: '/api/me',
    headers: victim.headers,
    connections: options.connections,
    ratePerSecond: options.ratePerSecond,
    ...(options.balancer && { replicaOf: replicaIndex }),
  })
  await sleep(options.leadInMs)

  const revokeSentAt = performance.now()
  const response = await fetch(`${urls[0]}/auth/${kind}`, {
    method: 'POST',
    headers: { ...revoker.headers, ...(revoker.csrfToken && { 'x-csrf-token': revoker.csrfToken }) },
  })
  const revokedAt = performance.now()
  while (performance.now() < Math.max(expiresAt, revokedAt) + options.settleMs) {
    await sleep(50)
    const now = performance.now()
    if (now - revokedAt >= options.settleMs && settled(load.records, replicas, now, options.settleMs)) break
  }
  await load.stop()

  const records = load.records
  return {
    variant: variant.id,
    strategy: variant.strategy,
    kind,
    revoke_status: response.status,
    auth_revocation: response.headers.get('auth-revocation'),
    revoke_call_ms: Math.round(revokedAt - revokeSentAt),
    life_left_ms: Math.round(expiresAt - revokedAt),
    ...analyseRevocation(records, replicas, revokedAt, expiresAt),
    timeline: binTimeline(records, replicas, revokedAt),
    requests: {
      sent_ms: records.map((record) => Math.round(record.sentAt - revokedAt)),
      latency_ms: records.map((record) => Math.round((record.receivedAt - record.sentAt) * 10) / 10),
      status: records.map((record) => record.status),
      replica: records.map((record) => record.replica),
    },
  }
}

/**
 * Starts `replicas` servers of one variant on one Redis, and for each kind of revoke: logs in,
 * drives steady load with the credential over every replica, revokes it through the first replica,
 * and keeps loading until every replica has refused it for `settleMs`, or it has expired.
 */
export async function measureRevocation(
  variant: VariantSpec,
  env: LabServerEnv,
  options: RevocationOptions,
  progress: Progress,
): Promise<RevocationRun[]> {
  const extraEnv = {
    // Secrets every replica must share, or a token signed by one would be refused by the next.
    ...(await freshSecretsFor(variant.strategy, variant.options)),
    AUTHLAB_TOKEN_TTL: String(options.tokenTtlS),
    // With a tolerance the verifier accepts tokens that far past exp: it would only add to every
    // window of a stateless token. The method says so; add your own tolerance when reading them.
    AUTHLAB_CLOCK_TOLERANCE: '0',
  }
  const servers = await Promise.all(
    Array.from({ length: options.replicas }, (_unused, index) =>
      startVariantServer(variant, env, { ...extraEnv, AUTHLAB_REPLICA: replicaName(index) }),
    ),
  )
  const runs: RevocationRun[] = []
  let balancer: Balancer | undefined
  try {
    if (options.balancer) {
      await waitUntilHealthy(servers.map((server) => ({ variant, server })))
      balancer = await startHaproxy(servers.map((server, index) => ({ name: replicaName(index), url: server.url })))
    }
    const urls = balancer ? [balancer.url] : servers.map((server) => server.url)
    for (const kind of options.kinds) {
      progress.step(
        `revocation: ${variant.id}, ${kind}, ${options.replicas} replica(s)`,
        expectedSeconds(variant, options) / options.kinds.length,
      )
      const run = await revokeOnce(variant, urls, kind, options)
      progress.note(
        `${run.accepted_after_revoke} request(s) accepted after the revoke, window ${run.window_ms} ms` +
          `${run.refused_before_expiry ? '' : ' (never refused before expiry)'}; server said ${run.auth_revocation ?? '-'}`,
      )
      runs.push(run)
    }
  } finally {
    await balancer?.stop()
    await Promise.all(servers.map((server) => server.stop()))
  }
  return runs
}

/** Planned seconds for one variant: credentials nobody revokes at once are loaded until expiry. */
export function expectedSeconds(variant: VariantSpec, options: RevocationOptions): number {
  const waitsForExpiry = strategyEntry(variant.strategy).livesUntilExpiry?.(variant.options) ?? false
  const cacheS = Number(variant.flags['cache-ttl'] ?? 0) / 1000
  const perKind =
    options.leadInMs / 1000 + options.settleMs / 1000 + (waitsForExpiry ? options.tokenTtlS : cacheS) + 0.5
  return 2 + perKind * options.kinds.length
}
