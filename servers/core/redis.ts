import { createClient } from 'redis'
import { storeUnavailable } from './errors.js'

export type RedisClient = ReturnType<typeof createClient>

export interface RedisHandle {
  /** A client whose commands fail fast (no offline queue) and time out: the basis of fail-closed. */
  readonly client: RedisClient
  /** True while connected; /health reports `degraded` otherwise. */
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
  const client = base.withCommandOptions({ timeout: commandTimeoutMs }) as unknown as RedisClient
  let subscriber: RedisClient | undefined
  const closeClient = async (redis: RedisClient) => {
    try {
      await redis.close()
    } catch {
      if (redis.isOpen) redis.destroy()
    }
  }
  return {
    client,
    isReady: () => base.isReady,
    async subscribe(channel, listener) {
      if (!subscriber) {
        subscriber = base.duplicate()
        subscriber.on('error', () => {}) // the main client already reports the outage
        await subscriber.connect()
      }
      await subscriber.subscribe(channel, listener)
    },
    async close() {
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
