import { performance } from 'node:perf_hooks'
import { freshSecretsFor, strategyEntry } from '../../servers/registry.js'
import { quantile } from '../results/statistics.js'
import { login, type Credential } from '../runner/credential.js'
import { startHaproxy, type Balancer } from '../runner/haproxy.js'
import { startVariantServer, type LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { ServerProcess } from '../runner/server-process.js'
import { startSentinelTopology, type SentinelTopology } from '../runner/sentinel-topology.js'
import { startTimelineLoad } from '../runner/timeline-client.js'
import type { VariantSpec } from '../runner/variants.js'
import { loginMany, readStatus, refreshStatus } from '../store/credential-checks.js'
import { waitUntilHealthy } from '../store/store-servers.js'
import { analyseAvailability, pacingOf, type Availability, type Pacing } from './failover-analysis.js'

export interface FailoverOptions {
  /** Server replicas per variant behind HAProxy. */
  readonly replicas: number
  /** With and/or without AUTHLAB_DURABLE_REVOCATION. */
  readonly durable: readonly boolean[]
  readonly connections: number
  readonly ratePerSecond: number
  readonly revocationsPerSecond: number
  /** Revocations run this long right before the kill. */
  readonly revokeWindowMs: number
  /** Replication bytes held this long on the way to the replica (see lag-proxy.ts). */
  readonly replicationLagMs: number
  readonly downAfterMs: number
  /** Load kept on after the service is back, so "back" means a steady run of 2xx. */
  readonly afterRecoveryMs: number
}

export interface FailoverRun extends Omit<Availability, 'timeline'>, Partial<Pacing> {
  readonly variant: string
  readonly durable_revocation: boolean
  readonly replicas: number
  /** Kill → the sentinels name the replica as primary. */
  readonly promoted_after_ms: number
  readonly revocations_acknowledged: number
  /** Revocations answered anything but 204 (with durable revocation: 503 ERR_REVOCATION_NOT_REPLICATED). */
  readonly revocations_refused: number
  /** Acknowledged (204) revocations whose credential is accepted again after the failover. */
  readonly lost_revocations: number
  readonly logout_p50_ms: number | null
  readonly logout_p99_ms: number | null
  readonly timeline: Availability['timeline']
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Seconds one run takes, roughly: Redis, sentinels and servers up (~10 s on a quiet machine), the window, the failover, the tail. */
export const failoverRunSeconds = (options: FailoverOptions) =>
  Math.ceil(12 + (options.revokeWindowMs + 3 * options.downAfterMs + options.afterRecoveryMs) / 1000)

interface Revocation {
  readonly credential: Credential
  readonly status: number
  readonly latencyMs: number
}

async function revoke(url: string, credential: Credential): Promise<Revocation> {
  const started = performance.now()
  const status = await fetch(`${url}/auth/logout`, {
    method: 'POST',
    headers: { ...credential.headers, ...(credential.csrfToken && { 'x-csrf-token': credential.csrfToken }) },
    signal: AbortSignal.timeout(5000),
  }).then(
    async (response) => (await response.arrayBuffer(), response.status),
    () => 0,
  )
  return { credential, status, latencyMs: performance.now() - started }
}

/** Accepted again: the protected read takes it, or (refresh mode, whose access token lives on) its refresh token works. */
async function acceptedAgain(url: string, variant: VariantSpec, credential: Credential): Promise<boolean> {
  if (strategyEntry(variant.strategy).livesUntilExpiry?.(variant.options) && credential.refreshToken) {
    return (await refreshStatus(url, credential.refreshToken)) === 200
  }
  return (await readStatus(url, credential)) === 200
}

/** One variant, one failover: a fresh topology, N replicas behind HAProxy, load, revocations, SIGKILL. */
export async function measureFailover(
  variant: VariantSpec,
  durable: boolean,
  options: FailoverOptions,
  env: Omit<LabServerEnv, 'redisUrl'>,
  progress: Progress,
): Promise<FailoverRun> {
  let topology: SentinelTopology | undefined
  const servers: ServerProcess[] = []
  let balancer: Balancer | undefined
  try {
    // failover-timeout is long on purpose: Sentinel "fixes" a replica that follows another address
    // (ours follows the lag relay) once that much time has passed; a run ends well before.
    topology = await startSentinelTopology({
      downAfterMs: options.downAfterMs,
      failoverTimeoutMs: 60_000,
      replicationLagMs: options.replicationLagMs,
    })
    const safeId = variant.id.replace(/[^a-z0-9]+/gi, '-')
    // One set of secrets for every replica: a credential one issued, the others must check.
    const secrets = await freshSecretsFor(variant.strategy, variant.options)
    const started = await Promise.allSettled(
      Array.from({ length: options.replicas }, (_unused, index) =>
        startVariantServer(
          variant,
          { ...env, redisUrl: topology?.primary.url ?? '', keyPrefix: `${env.keyPrefix}failover:` },
          {
            ...secrets,
            ...topology?.serverEnv,
            AUTHLAB_REPLICA: `${safeId}-${index + 1}`,
            AUTHLAB_DURABLE_REVOCATION: String(durable),
          },
        ),
      ),
    )
    for (const outcome of started) if (outcome.status === 'fulfilled') servers.push(outcome.value)
    const failed = started.find((outcome) => outcome.status === 'rejected')
    if (failed) throw failed.reason
    // Each replica's store ready before HAProxy: it counts a server up until its first check fails.
    await waitUntilHealthy(servers.map((server) => ({ variant, server })))
    progress.note(`  ${variant.id}${durable ? ' durable' : ''}: ${options.replicas} replicas up; HAProxy next`)
    balancer = await startHaproxy(servers.map((server, index) => ({ name: `replica${index + 1}`, url: server.url })))
    const live = await login(balancer.url)
    const toRevoke = await loginMany(
      balancer.url,
      Math.ceil((options.revocationsPerSecond * options.revokeWindowMs) / 1000) + 4,
    )
    await sleep(2 * options.replicationLagMs + 300) // every login is on the replica before anything happens
    const startedAt = performance.now()
    const load = startTimelineLoad({
      targets: [balancer.url],
      path: '/api/me',
      headers: live.headers,
      connections: options.connections,
      ratePerSecond: options.ratePerSecond,
    })
    await sleep(1000)
    // Revocations paced over the window, the last ones in the final moments before the kill.
    const revocations: Promise<Revocation>[] = []
    const gapMs = 1000 / options.revocationsPerSecond
    const windowStartedAt = performance.now()
    const windowEnd = windowStartedAt + options.revokeWindowMs
    for (const credential of toRevoke) {
      if (performance.now() >= windowEnd) break
      revocations.push(revoke(balancer.url, credential))
      await sleep(gapMs)
    }
    const oldPrimary = topology.primary.port
    const killAt = performance.now()
    await topology.primary.crash()
    progress.note(`  ${variant.id}${durable ? ' durable' : ''}: primary killed; waiting for the sentinels`)
    await topology.waitForPromotion(oldPrimary, 30_000)
    const promotedAfter = performance.now() - killAt
    // Back: the live credential works through the balancer again; then a tail of steady load.
    const deadline = performance.now() + 30_000
    while (performance.now() < deadline && (await readStatus(balancer.url, live)) !== 200) await sleep(100)
    await sleep(options.afterRecoveryMs)
    const stoppedAt = performance.now()
    await load.stop()
    const answered = await Promise.all(revocations)
    const acknowledged = answered.filter((revocation) => revocation.status === 204)
    let lost = 0
    for (const { credential } of acknowledged) if (await acceptedAgain(balancer.url, variant, credential)) lost++
    const latencies = acknowledged.map((revocation) => revocation.latencyMs)
    const ms = (q: number) => (latencies.length > 0 ? Math.round(quantile(latencies, q) * 10) / 10 : null)
    return {
      variant: variant.id,
      durable_revocation: durable,
      replicas: options.replicas,
      promoted_after_ms: Math.round(promotedAfter),
      ...analyseAvailability(load.records, killAt),
      ...pacingOf(load.records, options.ratePerSecond, { startedAt, windowStartedAt, killAt, stoppedAt }),
      revocations_acknowledged: acknowledged.length,
      revocations_refused: answered.length - acknowledged.length,
      lost_revocations: lost,
      logout_p50_ms: ms(0.5),
      logout_p99_ms: ms(0.99),
    }
  } finally {
    await balancer?.stop()
    await Promise.all(servers.map((server) => server.stop()))
    await topology?.stop()
  }
}
