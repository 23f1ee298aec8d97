import autocannon from 'autocannon'
import type { Scenario } from '../scenarios/scenarios.js'
import type { BurstSample } from '../results/results-types.js'
import type { Credential } from './credential.js'
import { waitUntilIdle } from './process-cpu.js'
import { preBurst } from './pre-burst.js'
import { runWrk, type Engine, type LoadResult } from './wrk.js'
import type { RedisProbe, RedisSnapshot } from './redis-stats.js'
import { cpuPerRequest, perRequest, serverCpuReader, type ServerCpuReader } from './server-cpu.js'

/** A warm server ready for load: where it is, its process, and the credential to present. */
export interface BurstTarget {
  readonly variant: string
  readonly url: string
  readonly pid: number
  readonly credential: Credential
  /** Whether this server talks to Redis; only then are Redis counters attributed to it. */
  readonly usesRedis: boolean
  /** The status every answer must have (default 200; a refused credential's target: 401). */
  readonly expectedStatus?: number
  /**
   * A server the lab did not start (`--targets`): every base URL of its replicas (the connections are
   * spread across them; `url` is the first), its own Redis, the user a login posts, and where its
   * CPU is read. Absent: the lab's own server at `url`, its CPU from /proc/<pid>, the run's Redis.
   */
  readonly replicaUrls?: readonly string[]
  readonly redis?: RedisProbe
  readonly loginBody?: { readonly username: string; readonly password: string }
  readonly serverCpu?: ServerCpuReader
}

export interface BurstPlan {
  readonly scenario: Scenario
  readonly connections: number
  readonly durationS: number
  readonly round: number
  readonly position: number
  /**
   * Seconds of unmeasured load on the same server right before the measured burst, with no idle
   * wait between (0: none). Measured here: a server's first burst after it idled reads 30-45% slow;
   * an unmeasured burst on the same server right before brings that back to 0.88-0.97 of the burst
   * after it. Every measured burst, the baseline's too, gets one, so no burst is measured on a
   * server that just woke up.
   */
  readonly preBurstS?: number
  /** The load generator (default autocannon); wrk loads the read scenarios only. */
  readonly engine?: Engine
}

/** The status of an answer unless the target names another; anything else in a burst makes it invalid. */
const EXPECTED_STATUS = 200

function requestOptions(target: BurstTarget, scenario: Scenario) {
  const headers: Record<string, string> = scenario.authenticated ? { ...target.credential.headers } : {}
  if (scenario.body !== undefined) headers['content-type'] = 'application/json'
  const body = scenario.path === '/auth/login' ? (target.loginBody ?? scenario.body) : scenario.body
  return {
    url: `${target.url}${scenario.path}`,
    urls: (target.replicaUrls ?? [target.url]).map((url) => `${url}${scenario.path}`),
    method: scenario.method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  }
}

/** autocannon spreads its connections across several URLs (its types say one). */
const autocannonOptions = ({ urls, ...request }: ReturnType<typeof requestOptions>) =>
  ({ ...request, url: (urls.length > 1 ? urls : request.url) as string }) as const

/** Why a burst cannot be trusted, or undefined when it can. */
export function invalidReason(
  result: Pick<LoadResult, 'errors' | 'timeouts' | 'statusCodeStats'>,
  requests: number,
  expected: number = EXPECTED_STATUS,
): string | undefined {
  const unexpected = Object.entries(result.statusCodeStats ?? {})
    .filter(([status, stats]) => status !== String(expected) && (stats?.count ?? 0) > 0)
    .map(([status, stats]) => `${stats?.count} x ${status}`)
  const reasons = [
    ...(requests === 0 ? ['no requests completed'] : []),
    ...(result.errors > 0 ? [`${result.errors} errors`] : []),
    ...(result.timeouts > 0 ? [`${result.timeouts} timeouts`] : []),
    ...(unexpected.length ? [`unexpected status: ${unexpected.join(', ')}`] : []),
  ]
  return reasons.length ? reasons.join('; ') : undefined
}

/** Untimed load that brings a server to steady state (JIT, caches, connection pools). */
export async function warmUp(
  target: BurstTarget,
  scenario: Scenario,
  connections: number,
  durationS: number,
): Promise<void> {
  await autocannon({ ...autocannonOptions(requestOptions(target, scenario)), connections, duration: durationS })
  await waitUntilIdle(target.pid)
}

/** The measured load itself, from the plan's engine, in autocannon's terms. */
async function load(target: BurstTarget, plan: BurstPlan): Promise<LoadResult> {
  const request = requestOptions(target, plan.scenario)
  if (plan.engine === 'wrk') return runWrk(request, plan.connections, plan.durationS)
  const result = await autocannon({
    ...autocannonOptions(request),
    connections: plan.connections,
    duration: plan.durationS,
  })
  return { ...result, statusCodeStats: result.statusCodeStats as LoadResult['statusCodeStats'] }
}

/** One measured burst, with the server's and Redis's cost read around it. Never throws on a bad burst. */
export async function runBurst(
  target: BurstTarget,
  plan: BurstPlan,
  redis: RedisProbe | undefined,
): Promise<BurstSample> {
  const probe = target.usesRedis ? (target.redis ?? redis) : undefined
  const readCpu = target.serverCpu ?? serverCpuReader([{ pid: target.pid }])
  const preBurst = plan.preBurstS ? await runPreBurst(target, plan) : undefined
  const cpuBefore = await readCpu()
  const redisBefore: RedisSnapshot | undefined = await probe?.snapshot()
  const result = await load(target, plan)
  const redisAfter = await probe?.snapshot()
  const cpuAfter = await readCpu()
  await waitUntilIdle(target.pid)

  const requests = result.requests.total
  const reason = invalidReason(result, requests, target.expectedStatus)
  return {
    scenario: plan.scenario.name,
    variant: target.variant,
    round: plan.round,
    position: plan.position,
    connections: plan.connections,
    duration_s: result.duration,
    requests,
    rps: result.duration > 0 ? requests / result.duration : 0,
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    status_codes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats?.count ?? 0]),
    ),
    ...serverCpuFields(cpuPerRequest(cpuBefore, cpuAfter, requests)),
    redis_cpu_us_per_req: perRequest(redisBefore?.cpuMicros, redisAfter?.cpuMicros, requests),
    redis_commands_per_req: perRequest(redisBefore?.commands, redisAfter?.commands, requests),
    credential_bytes: plan.scenario.authenticated ? target.credential.bytes : 0,
    valid: reason === undefined,
    ...(reason !== undefined && { invalid_reason: reason }),
    ...(preBurst && { pre_burst: preBurst }),
  }
}

/** The sample's server CPU, and the metrics' own figure when /proc was read too (the cross-check). */
const serverCpuFields = ({ server, metrics }: ReturnType<typeof cpuPerRequest>) => ({
  server_cpu_us_per_req: server,
  ...(metrics !== undefined && { server_cpu_metrics_us_per_req: metrics }),
})

/**
 * The unmeasured pre-burst (see BurstPlan.preBurstS): its rate is kept, so a reader can see the
 * server was awake, but it counts in no ratio. Its status codes are not checked: the measured
 * burst right after it checks the same requests.
 */
const runPreBurst = (target: BurstTarget, plan: BurstPlan) =>
  preBurst(requestOptions(target, plan.scenario), plan.connections, plan.preBurstS as number)
