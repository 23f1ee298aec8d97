import type { LatencyOptions, LatencyPoint } from './store-latency.js'
import type { OutageOptions, OutageRun } from './store-outage.js'
import type { RestartOptions, RestartRun } from './store-restart.js'

/**
 * The store experiments' sections of results.json (issue 13). Each carries its method next to its
 * numbers, so a reader of an old file knows what was done to Redis and what was counted.
 */

/** `store_restart`: what a Redis restart forgets, per persistence mode and way of stopping. */
export interface StoreRestartSection {
  readonly method: {
    readonly credentials_per_variant: number
    readonly persistence: readonly string[]
    readonly stops: readonly string[]
    readonly description: string
  }
  readonly runs: readonly RestartRun[]
}

export const restartMethod = (options: RestartOptions): StoreRestartSection['method'] => ({
  credentials_per_variant: options.credentials,
  persistence: options.persistence,
  stops: options.stops,
  description:
    'One server per variant on one private redis-server; per persistence mode and stop: a fresh Redis, ' +
    `${options.credentials} logins kept live and ${options.credentials} more logged out, then Redis stopped ` +
    '(graceful: SIGTERM, it saves what its settings say; crash: SIGKILL of the process) and started again on ' +
    'the same port from its own files; every credential is asked again through GET /api/me (and POST /auth/refresh ' +
    'for refresh tokens). Persistence: none = --save "" --appendonly no (the lab default); rdb = --save "3600 1" ' +
    '(a snapshot on graceful shutdown only); aof = --appendonly yes --appendfsync everysec. A crash here kills ' +
    'the process, not the machine: the OS keeps what Redis wrote, so AOF everysec can lose up to 1 s of writes ' +
    'only on a power loss or kernel crash, which this does not model.',
})

/** `store_outage`: Redis killed or stalled under paced load, per variant. */
export interface StoreOutageSection {
  readonly method: {
    readonly modes: readonly string[]
    readonly seconds: number
    readonly rate_per_s: number
    readonly lead_in_ms: number
    readonly store_timeout_ms: number
    readonly hung_after_ms: number
    readonly bin_ms: number
    readonly description: string
  }
  readonly runs: readonly OutageRun[]
}

export const outageMethod = (options: OutageOptions): StoreOutageSection['method'] => ({
  modes: options.modes,
  seconds: options.seconds,
  rate_per_s: options.ratePerSecond,
  lead_in_ms: options.leadInMs,
  store_timeout_ms: options.storeTimeoutMs,
  hung_after_ms: options.storeTimeoutMs + 1000,
  bin_ms: options.binMs,
  description:
    `One server per variant on one private redis-server (AOF, so a killed store comes back with its data); ` +
    `open-model load of ${options.ratePerSecond} req/s per variant on GET /api/me (sent on schedule whether or not ` +
    `earlier requests were answered), alternating a live credential and one logged out before the load began. After ` +
    `${options.leadInMs} ms the store goes away for ${options.seconds} s: kill = SIGKILL, then started again; ` +
    `stall = SIGSTOP, then SIGCONT (the connection stays up and nothing answers). "During the outage" counts ` +
    `requests sent after the store went and answered before it was back. Servers fail a store call after ` +
    `${options.storeTimeoutMs} ms (AUTHLAB_STORE_TIMEOUT_MS); a request with no answer ${options.storeTimeoutMs + 1000} ms ` +
    `after it was sent counts as hung. Recovery: store back -> the first 2xx to a request sent after it.`,
})

/** `store_latency`: Redis moved away by a delay proxy, latency and throughput per variant and RTT. */
export interface StoreLatencySection {
  readonly method: {
    readonly rtts_ms: readonly number[]
    readonly rate_per_s: number
    readonly open_seconds: number
    readonly rounds: number
    readonly burst_s: number
    readonly connections: number
    readonly description: string
  }
  readonly points: readonly LatencyPoint[]
}

export const latencyMethod = (options: LatencyOptions): StoreLatencySection['method'] => ({
  rtts_ms: options.rttsMs,
  rate_per_s: options.ratePerSecond,
  open_seconds: options.openSeconds,
  rounds: options.rounds,
  burst_s: options.burstS,
  connections: options.connections,
  description:
    'Every server reaches one private redis-server through a TCP proxy in its own process that holds each ' +
    'chunk for RTT/2 in each direction, in order (RTT 0: through the proxy, nothing added). It models ' +
    'network distance only, not a loaded Redis, loss or bandwidth. Latency: open model (requests sent on ' +
    `schedule, ${options.ratePerSecond} req/s for ${options.openSeconds} s on GET /api/me after a 1 s warm-up; a ` +
    'closed loop would hide added latency behind its concurrency), p50/p90/p99 of the 2xx answers. Throughput: ' +
    `${options.rounds} rounds of ${options.burstS} s autocannon bursts at ${options.connections} connections, ` +
    'the no-auth baseline between every two (its server also connects through the proxy, and never asks Redis ' +
    'on a read), ratio = req/s over the mean of the baseline bursts either side, median [q1-q3] over rounds.',
})
