import { withTimeout } from './store-guard.js'

/** What the waiter needs of a Redis connection of its own. */
export interface WaitConnection {
  publish(channel: string, message: string): Promise<number>
  wait(replicas: number, timeoutMs: number): Promise<number>
}

/** Lends the waiter a connection that no request's command shares, for the length of `use`. */
export type WithWaitConnection = <T>(use: (connection: WaitConnection) => Promise<T>) => Promise<T>

/** Written to before every WAIT; nobody listens (see below why it exists). */
export const BARRIER_CHANNEL = 'authlab:durable-revocation:barrier'

export class ReplicaNotAcknowledgedError extends Error {
  constructor(waitMs: number) {
    super(`no replica acknowledged the write within ${waitMs} ms`)
    this.name = 'ReplicaNotAcknowledgedError'
  }
}

/**
 * Durable revocation's WAIT, off the connection requests use. Redis runs nothing else of a client
 * while it WAITs, so on the one shared connection every read of this replica queued behind each
 * logout's WAIT (measured in the failover experiment: 34 reads sent of 403 due while logouts ran,
 * the paced client stalled behind them). So WAIT runs on a connection of its own.
 *
 * WAIT covers the writes of the connection it runs on: on a connection that wrote nothing it
 * answers at once, acknowledging nothing (measured: 1 replica "acknowledged" while the replica did
 * not have the key). So the waiter first writes there too: a PUBLISH, propagated to replicas like
 * any write, sent after the revocation was answered, so its replication offset is at or past the
 * revocation's. WAIT for it is WAIT for the revocation.
 *
 * Logouts that arrive while a WAIT is out join the next one (group commit): one WAIT in flight at
 * a time whatever the logout rate, and no logout waits for more than the one before it and its own.
 *
 * WAIT's own timeout is half the store timeout, so that Redis answers "not acknowledged" before the
 * round's bound: the client then sees the same 503 either way, with a clearer log.
 */
export function replicaWaiter(withConnection: WithWaitConnection, commandTimeoutMs: number): () => Promise<void> {
  const waitMs = Math.max(5, Math.floor(commandTimeoutMs / 2))
  // Bounded once the connection is there (connecting it has a bound of its own).
  const round = () =>
    withConnection((connection) =>
      withTimeout(
        (async () => {
          await connection.publish(BARRIER_CHANNEL, '')
          const acknowledged = await connection.wait(1, waitMs)
          if (acknowledged < 1) throw new ReplicaNotAcknowledgedError(waitMs)
        })(),
        commandTimeoutMs,
      ),
    )
  let current: Promise<void> | undefined
  let next: Promise<void> | undefined
  const start = (): Promise<void> => {
    const started = round().finally(() => {
      if (current === started) current = undefined
    })
    current = started
    return started
  }
  return () => {
    if (!current) return start()
    // A round is out already, its barrier maybe sent before this revocation: the next one covers it.
    next ??= current
      .catch(() => {})
      .then(() => {
        next = undefined
        return start()
      })
    return next
  }
}
