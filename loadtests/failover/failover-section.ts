import { hasHaproxy } from '../runner/haproxy.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import { hasSentinel } from '../runner/sentinel-topology.js'
import type { VariantSpec } from '../runner/variants.js'
import { failoverRunSeconds, measureFailover, type FailoverOptions, type FailoverRun } from './failover-experiment.js'

/** `failover` in results.json: what a Sentinel failover does to availability and to revocation. */
export interface FailoverSection {
  readonly method: {
    readonly replicas: number
    readonly rate_per_second: number
    readonly revocations_per_second: number
    readonly replication_lag_ms: number
    readonly down_after_ms: number
    readonly description: string
  }
  readonly runs: readonly FailoverRun[]
}

export interface FailoverStageConfig {
  readonly variants: readonly VariantSpec[]
  readonly options: FailoverOptions
}

export const failoverStageSeconds = (config: FailoverStageConfig) =>
  config.variants.length * config.options.durable.length * failoverRunSeconds(config.options)

export const failoverMethod = (options: FailoverOptions): FailoverSection['method'] => ({
  replicas: options.replicas,
  rate_per_second: options.ratePerSecond,
  revocations_per_second: options.revocationsPerSecond,
  replication_lag_ms: options.replicationLagMs,
  down_after_ms: options.downAfterMs,
  description:
    'Per variant and run: a fresh redis-server primary, one replica and three redis-sentinel (quorum 2, ' +
    `down-after-milliseconds ${options.downAfterMs}), all on loopback; ${options.replicas} server replicas ` +
    '(REDIS_SENTINELS: node-redis Sentinel client, shared secrets) behind HAProxy 2.6 (round-robin, GET /health ' +
    'checked every 500 ms, out after 2 failures, no retries). A paced client sends GET /api/me with one live ' +
    `credential through HAProxy at ${options.ratePerSecond}/s; for the last ${options.revokeWindowMs} ms before the ` +
    `kill, logouts of other credentials at ${options.revocationsPerSecond}/s; then the primary is SIGKILLed. ` +
    `The replica's link to the primary runs through a relay in the runner that holds every byte ` +
    `${options.replicationLagMs} ms (a deliberately lagging replica, so that what a failover loses can be seen: ` +
    'on a quiet LAN the lag is smaller and so is the loss, not zero). unavailable_ms: the first failed answer after ' +
    'the kill to the first 2xx of the run of 2xx that lasts to the end of the load. lost_revocations: logouts ' +
    'answered 204 whose credential GET /api/me (refresh mode: POST /auth/refresh) accepts again after the failover. ' +
    'durable_revocation: AUTHLAB_DURABLE_REVOCATION=true, Redis WAIT 1 after every revocation; a logout no replica ' +
    'confirmed answers 503 ERR_REVOCATION_NOT_REPLICATED (counted as refused, not acknowledged). Reads sent / due: ' +
    `due is ${options.ratePerSecond}/s times the load's duration; the client's ${options.connections} connections are paced ` +
    'but each sends its next read only once its last is answered, so reads held up are missing from "sent" rather than ' +
    'failed; the logout window runs from the first logout to the kill. One run each: ' +
    'single numbers, no interval.',
})

/** Every variant, with and without durable revocation, one failover each; a failed run is a sentence. */
export async function runFailoverStage(
  config: FailoverStageConfig,
  env: Omit<LabServerEnv, 'redisUrl'>,
  progress: Progress,
): Promise<{ section?: FailoverSection; failures: string[] }> {
  const missing = [!hasSentinel() && 'redis-sentinel', !hasHaproxy() && 'haproxy'].filter(Boolean)
  if (missing.length > 0) return { failures: [`failover not run: it needs ${missing.join(' and ')} (apt-get install)`] }
  const runs: FailoverRun[] = []
  const failures: string[] = []
  for (const variant of config.variants) {
    for (const durable of config.options.durable) {
      const label = `failover ${variant.id}${durable ? ' (durable revocation)' : ''}`
      progress.step(label, failoverRunSeconds(config.options))
      try {
        runs.push(await measureFailover(variant, durable, config.options, env, progress))
      } catch (error) {
        failures.push(`${label} not measured: ${(error as Error).message.split('\n')[0]}`)
        progress.note(failures.at(-1) ?? '')
      }
    }
  }
  return { ...(runs.length > 0 && { section: { method: failoverMethod(config.options), runs } }), failures }
}
