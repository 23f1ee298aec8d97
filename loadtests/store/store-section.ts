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
