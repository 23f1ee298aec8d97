import { createClient } from 'redis'
import { storeUnavailable } from './errors.js'
import { replicaWaiter } from './replica-waiter.js'
import { guardStore, withTimeout, type StoreObserver } from './store-guard.js'

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
  /**
   * Redis WAIT for one replica after the writes made so far: resolves when a replica has them,
   * rejects (a 503 for the request) when none acknowledges within the wait. On a connection of its
   * own, so that requests do not wait behind it (replica-waiter.ts).
   */
  waitForReplica(): Promise<void>
  close(): Promise<void>
}

/** Logs a connection state once per change, not once per retry. */
export function stateReporter(where: string, log: (message: string) => void): (state: string) => void {
  let lastState = ''
  return (state) => {
    if (state !== lastState) log(`redis ${state} (${where})`)
    lastState = state
  }
}

/** A stalled store would hold close() forever: give it the timeout, then cut the connection. */
export async function closeWithin(
  client: { close(): Promise<unknown>; destroy(): unknown; readonly isOpen: boolean },
  timeoutMs: number,
): Promise<void> {
  try {
    await withTimeout(client.close(), timeoutMs)
  } catch {
    if (client.isOpen) await client.destroy()
  }
}

/**
 * Connects to Redis without blocking start-up: the server listens at once, answers 503 while Redis
 * is unreachable, and recovers by itself when Redis comes back (node-redis reconnects forever).
 */
export function createRedisHandle(
  url: string,
  commandTimeoutMs: number,
  log: (message: string) => void,
  observe?: StoreObserver,
): RedisHandle {
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
  const report = stateReporter(url, log)
  // An 'error' event with no listener would crash the process; a store outage must not.
  base.on('error', (error: Error) => report(`unreachable: ${error.message || error.name}`))
  base.on('ready', () => report('ready'))
  const connecting = base.connect().catch(() => {
    // The reconnect strategy keeps trying; the error listener above has logged it.
  })
  const guarded = guardStore(base, { timeoutMs: commandTimeoutMs, isConnected: () => base.isReady, log, observe })
  let subscriber: RedisClient | undefined
  /** Durable revocation's WAIT runs here, so that no request's command waits behind it (replica-waiter.ts). */
  let waiter: RedisClient | undefined
  let waiting: Promise<RedisClient> | undefined
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
    waitForReplica: replicaWaiter(async (use) => {
      waiting ??= (async () => {
        const connection = base.duplicate()
        waiter = connection
        connection.on('error', () => {}) // the main client already reports the outage
        try {
          await withTimeout(connection.connect(), commandTimeoutMs)
          return connection
        } catch (error) {
          // Not connected this time (a 503 for this logout): the next logout tries afresh.
          waiting = waiter = undefined
          if (connection.isOpen) connection.destroy()
          throw error
        }
      })()
      return use(await waiting)
    }, commandTimeoutMs),
    async close() {
      guarded.stop()
      if (subscriber) await closeWithin(subscriber, commandTimeoutMs)
      if (waiter) await closeWithin(waiter, commandTimeoutMs)
      // Still connecting (a start refused right after it began): let the attempt settle first.
      // Neither close() nor destroy() stops a first connection under way (node-redis 5): its socket
      // opened afterwards and held a refused `authlab serve` open for good.
      if (!base.isReady) await withTimeout(connecting, commandTimeoutMs).catch(() => {})
      if (base.isReady) await closeWithin(base, commandTimeoutMs)
      else if (base.isOpen) base.destroy() // unreachable: stop the reconnecting
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
