import { createClient } from 'redis'
import { storeUnavailable } from './errors.js'
import { guardStore, withTimeout } from './store-guard.js'

export type RedisClient = ReturnType<typeof createClient>

export interface RedisHandle {
  /**
   * The client requests use: every call (MULTI included) fails after the store timeout, and at once
   * while the store is unreachable or not answering (store-guard.ts): the basis of fail-closed.
   */
  readonly client: RedisClient
  /** True while connected and answering; /health reports `degraded` otherwise. */
  isReady(): boolean
  /**
   * Listen on a pub/sub channel, over a second connection (a subscribed connection can run no other
   * command). node-redis re-subscribes after a reconnect; messages sent while it was away are lost.
   */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>
  close(): Promise<void>
}

/**
 * Connects to Redis without blocking start-up: the server listens at once, answers 503 while Redis
 * is unreachable, and recovers by itself when Redis comes back (node-redis reconnects forever).
 */
export function createRedisHandle(url: string, commandTimeoutMs: number, log: (message: string) => void): RedisHandle {
  const base = createClient({
    url,
    // Without this, commands issued while disconnected wait in a queue and requests hang.
    // With it they fail at once, and the request gets a 503 instead of hanging or slipping through.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: commandTimeoutMs,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000),
    },
  })
  let lastState = ''
  const report = (state: string) => {
    if (state !== lastState) log(`redis ${state} (${url})`)
    lastState = state
  }
  // An 'error' event with no listener would crash the process; a store outage must not.
  base.on('error', (error: Error) => report(`unreachable: ${error.message || error.name}`))
  base.on('ready', () => report('ready'))
  base.connect().catch(() => {
    // The reconnect strategy keeps trying; the error listener above has logged it.
  })
  const guarded = guardStore(base, { timeoutMs: commandTimeoutMs, isConnected: () => base.isReady, log })
  let subscriber: RedisClient | undefined
  // A stalled store would hold close() forever: give it the timeout, then cut the connection.
  const closeClient = async (redis: RedisClient) => {
    try {
      await withTimeout(redis.close(), commandTimeoutMs)
    } catch {
      if (redis.isOpen) redis.destroy()
    }
  }
  return {
    client: guarded.client,
    isReady: guarded.isAnswering,
    async subscribe(channel, listener) {
      if (!subscriber) {
        subscriber = base.duplicate()
        subscriber.on('error', () => {}) // the main client already reports the outage
        await withTimeout(subscriber.connect(), commandTimeoutMs)
      }
      await withTimeout(subscriber.subscribe(channel, listener), commandTimeoutMs)
    },
    async close() {
      guarded.stop()
      if (subscriber) await closeClient(subscriber)
      await closeClient(base)
    },
  }
}

/** Runs Redis work for a request; any failure of the store becomes a 503 (fail closed). */
export async function inStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw storeUnavailable(error)
  }
}
