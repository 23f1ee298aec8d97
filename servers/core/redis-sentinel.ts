import { createSentinel } from 'redis'
import type { SentinelNode } from './config.js'
import { closeWithin, stateReporter, type RedisClient, type RedisHandle } from './redis.js'
import { replicaWaiter } from './replica-waiter.js'
import { guardStore, withTimeout, type StoreObserver } from './store-guard.js'

/**
 * The store behind Redis Sentinel: node-redis's Sentinel client asks the sentinels which node is the
 * primary, sends every command there, and when the sentinels promote a replica (the primary died)
 * it reconnects to the new one by itself. While it does, commands wait for the new primary; the
 * store guard bounds that wait, so requests get 503 during a failover (fail closed), never a hang
 * and never an unchecked pass. The guard's watchdog ping notices the gap too: /health says degraded.
 *
 * Two primary connections (masterPoolSize 2): requests use whichever is free, and durable
 * revocation's WAIT borrows one (one WAIT at a time, replica-waiter.ts) so that requests never queue
 * behind it on the other. Which connection a revocation was written on does not matter: the waiter
 * writes a barrier before its WAIT.
 */
export function createSentinelHandle(
  sentinel: { readonly name: string; readonly nodes: readonly SentinelNode[] },
  commandTimeoutMs: number,
  log: (message: string) => void,
  observe?: StoreObserver,
): RedisHandle {
  const where = `sentinel ${sentinel.name} via ${sentinel.nodes.map((node) => `${node.host}:${node.port}`).join(',')}`
  const base = createSentinel({
    name: sentinel.name,
    sentinelRootNodes: sentinel.nodes.map((node) => ({ host: node.host, port: node.port })),
    masterPoolSize: 2,
    // As for a single Redis (redis.ts): no offline queue, so a command to a lost primary fails at once
    // and the Sentinel client looks the primary up again instead of queueing behind a dead socket.
    nodeClientOptions: {
      disableOfflineQueue: true,
      socket: { connectTimeout: commandTimeoutMs, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
    },
    sentinelClientOptions: { socket: { connectTimeout: commandTimeoutMs } },
  })
  const report = stateReporter(where, log)
  // An 'error' event with no listener would crash the process; a failover must not.
  base.on('error', (error: unknown) => report(`unreachable: ${error instanceof Error ? error.message : String(error)}`))
  base.on('topology-change', (event: { type: string; node?: SentinelNode }) => {
    if (event.type === 'MASTER_CHANGE' && event.node) report(`primary is ${event.node.host}:${event.node.port}`)
  })
  // Settles once the first look-up of the primary is done, either way.
  const connecting = base.connect().then(
    () => report('ready'),
    (error: unknown) => report(`not connected: ${error instanceof Error ? error.message : String(error)}`),
  )
  // The Sentinel client takes the same commands as a single client (get/set/del/expire/multi/eval/
  // publish/wait...), which is all the consumers use; its type differs only in the extras each has
  // (scanIterator, duplicate), which none of them calls. connect-redis uses scanIterator only for
  // `all`/`clear`/`length`, which express-session never calls.
  const client = base as unknown as RedisClient
  const guarded = guardStore(client, { timeoutMs: commandTimeoutMs, isConnected: () => base.isReady, log, observe })
  return {
    client: guarded.client,
    isReady: guarded.isAnswering,
    // The Sentinel client keeps its own pub/sub connection to the current primary and moves it on failover.
    // After the first look-up: before it, the client knows no node to subscribe on and throws. (A
    // strategy subscribes as it is built, which is now before the seconds of password hashing.)
    subscribe: (channel, listener) =>
      withTimeout(
        connecting.then(() => base.subscribe(channel, listener)).then(() => {}),
        commandTimeoutMs,
      ),
    // A lease of one pool connection for the round (RedisSentinel.use), given back after it.
    waitForReplica: replicaWaiter((use) => base.use((lease) => use(lease)), commandTimeoutMs),
    async close() {
      guarded.stop()
      await closeWithin(base, commandTimeoutMs)
    },
  }
}
