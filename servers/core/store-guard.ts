/**
 * Fail closed when the store is slow or silent, not only when it is gone. A refused connection is
 * easy: node-redis (with no offline queue) fails at once. A stalled one is not: the connection is
 * up, commands are written, and nothing answers (a frozen process, a full disk, a black-holed
 * network). node-redis's own command timeout only covers commands still waiting to be written, and
 * never a MULTI. So every call of the client the requests use is bounded here, and a watchdog pings
 * the store to notice the silence: while a ping is unanswered past the timeout the store counts as
 * not answering, /health says degraded, and calls fail at once instead of piling up behind it.
 *
 * Any Redis handle (a single server, a Sentinel-backed one) wraps its client with `guardStore`.
 */
export class StoreTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the store did not answer within ${timeoutMs} ms`)
    this.name = 'StoreTimeoutError'
  }
}

export class StoreNotAnsweringError extends Error {
  constructor() {
    super('the store is not answering (its watchdog ping is overdue): failing at once')
    this.name = 'StoreNotAnsweringError'
  }
}

/** Rejects when `promise` takes longer than `timeoutMs`; its late outcome is then ignored. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(timeoutMs)), timeoutMs)
  })
  promise.catch(() => {}) // a failure after the timeout has nobody left to tell
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

const isThenable = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

// Client methods that are not store calls: builders, iterators, connection lifecycle.
const NOT_A_CALL = new Set<PropertyKey>([
  'multi',
  'MULTI',
  'scanIterator',
  'duplicate',
  'connect',
  'close',
  'destroy',
  'quit',
  'disconnect',
  'on',
  'once',
  'off',
  'removeListener',
  'withCommandOptions',
  'withTypeMapping',
])

/**
 * A view of `target` whose calls are bounded. On a client, every command; `multi()` returns a
 * bounded transaction, whose chained commands only queue and whose `exec` is the store call.
 */
function bounded<T extends object>(
  target: T,
  kind: 'client' | 'transaction',
  options: { timeoutMs: number; isAnswering: () => boolean; observe?: StoreObserver | undefined },
): T {
  const view: T = new Proxy(target, {
    get(object, property) {
      // The target itself as `this`: node-redis keeps private fields a proxy cannot reach.
      const value: unknown = Reflect.get(object, property)
      if (typeof value !== 'function') return value
      const method = value as (...args: unknown[]) => unknown
      if (kind === 'client' && NOT_A_CALL.has(property)) {
        return property === 'multi' || property === 'MULTI'
          ? (...args: unknown[]) => bounded(method.apply(object, args) as object, 'transaction', options)
          : method.bind(object)
      }
      const isCall = kind === 'client' || (typeof property === 'string' && property.startsWith('exec'))
      // The command's name, from the client's own method names (a fixed set), never its arguments:
      // those are keys, and keys hold session ids and usernames.
      const command = String(property)
      const { observe } = options
      return (...args: unknown[]) => {
        if (isCall && !options.isAnswering()) {
          observe?.(command, 'not_answering')
          return Promise.reject(new StoreNotAnsweringError())
        }
        const result = method.apply(object, args)
        if (result === object) return view // a transaction's chained command
        if (!isThenable(result)) return result
        const bounded = withTimeout(result, options.timeoutMs)
        // Metrics off: no observer, and the promise is returned as before (nothing added per call).
        if (!observe) return bounded
        return bounded.then(
          (value) => {
            observe(command, 'ok')
            return value
          },
          (error: unknown) => {
            observe(command, error instanceof StoreTimeoutError ? 'timeout' : 'error')
            throw error
          },
        )
      }
    },
  })
  return view
}

export interface StoreGuardOptions {
  readonly timeoutMs: number
  /** Whether the connection is up (e.g. node-redis's `isReady`); the watchdog adds "and answering". */
  readonly isConnected: () => boolean
  readonly log: (message: string) => void
  /** How often to ping; the default, min(timeout, 1 s), notices a stall within two timeouts. */
  readonly pingEveryMs?: number
  /** Told of every store call and how it ended (the metrics' store counters); unset when metrics are off. */
  readonly observe?: StoreObserver | undefined
}

/** A store call's outcome: answered, failed, timed out, or refused at once while the store is silent. */
export type StoreOutcome = 'ok' | 'error' | 'timeout' | 'not_answering'
export type StoreObserver = (command: string, outcome: StoreOutcome) => void

export interface GuardedStore<C> {
  /** What requests use: every call fails with a timeout, or at once while the store is silent. */
  readonly client: C
  /** Connected, and the last ping was answered in time. */
  isAnswering(): boolean
  stop(): void
}

export function guardStore<C extends { ping(): Promise<unknown> }>(
  client: C,
  { timeoutMs, isConnected, log, pingEveryMs = Math.min(timeoutMs, 1000), observe }: StoreGuardOptions,
): GuardedStore<C> {
  // One ping at a time: while one is unanswered no other is sent, so a stall queues nothing more.
  let pingSentAt: number | undefined
  let silent = false
  const overdue = () => pingSentAt !== undefined && Date.now() - pingSentAt > timeoutMs
  const isAnswering = () => isConnected() && !overdue()
  const watchdog = setInterval(() => {
    if (overdue() && !silent) log(`store not answering for over ${timeoutMs} ms: failing closed until it does`)
    silent ||= overdue()
    if (pingSentAt !== undefined || !isConnected()) return
    pingSentAt = Date.now()
    client
      .ping()
      .then(
        () => {
          if (silent) log('store answering again')
          silent = false
        },
        () => {}, // a lost connection: node-redis reports it, and reconnects
      )
      .finally(() => {
        pingSentAt = undefined
      })
  }, pingEveryMs)
  watchdog.unref()
  return {
    client: bounded(client, 'client', { timeoutMs, isAnswering, observe }),
    isAnswering,
    stop: () => clearInterval(watchdog),
  }
}
