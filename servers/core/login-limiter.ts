import { inStore, type RedisHandle } from './redis.js'

/**
 * Limits password guesses twice over, in fixed windows: per client (address) and per account
 * (username, known or not, so a 429 says nothing about which accounts exist).
 *
 * Two things are counted apart, per client and per account:
 * - failures: wrong passwords, in a window. Over the limit, every login is refused with 429 and a
 *   Retry-After to the window's end, even one with the right password: otherwise a brute-forcer
 *   could ignore the 429s until one guess is right.
 * - attempts in flight: still being hashed, outcome unknown. They count against the limit at the
 *   door (failures + in flight must stay under it), in one atomic step with the check: a burst of
 *   concurrent guesses cannot all pass before any of them is recorded. But they are not failures:
 *   when only in-flight work fills the limit, the answer is 503 with `Retry-After: 1` ("busy, try
 *   again in a moment"), not a 429 that tells a client with the right password, or a service that
 *   logs in in parallel, or users behind one NAT, to wait five minutes.
 *
 * The per-account limit has a price, and it is deliberate: anyone who knows a username can lock
 * that account out for a window by sending wrong passwords (README, "Login limits").
 */
export interface LoginAttempt {
  /** Unique per attempt: the in-flight entry it removes when it ends. */
  readonly id: string
  readonly client: string
  readonly username: string
}

export type LimitDecision =
  | { readonly verdict: 'go' }
  /** Failures are over a limit: 429 until the window ends. */
  | { readonly verdict: 'locked'; readonly retryAfterSeconds: number }
  /** Failures alone are under the limits, with the attempts in flight they are not: 503, briefly. */
  | { readonly verdict: 'busy' }

/**
 * - failed: a wrong password (or unknown user): a failure for the client and for the account.
 * - succeeded: the account's failures are forgiven (only someone who knows its password can do
 *   that); the client's are not, or an attacker could clear a window of guesses by logging in to an
 *   account of their own.
 * - unchecked: no password was checked (the hash queue was full): nothing is counted.
 */
export type LoginOutcome = 'failed' | 'succeeded' | 'unchecked'

export interface LoginLimiter {
  /** Checks the limits and, when it says `go`, records the attempt as in flight. */
  begin(attempt: LoginAttempt): Promise<LimitDecision>
  /** The attempt is no longer in flight; its outcome counts as above. */
  end(attempt: LoginAttempt, outcome: LoginOutcome): Promise<void>
}

export interface LimiterOptions {
  readonly maxFailures: number
  readonly maxFailuresPerAccount: number
  readonly windowSeconds: number
}

/**
 * An attempt still in flight after this long is forgotten: its server died mid-hash (a crash, a
 * deploy). Far longer than a hash and its queue; short enough that a dead server's leftovers do not
 * hold a client's logins down for long.
 */
export const IN_FLIGHT_MAX_MS = 30_000

// KEYS: failures of the client, of the account; in flight (sorted sets: attempt id by start time)
// of the client, of the account. ARGV: the two limits, the window in ms, the attempt id, the
// in-flight maximum age in ms. Returns the ms until a locked window ends, -1 when busy, 0 when counted.
// TIME is Redis's clock, so that replicas with clocks apart agree on the age of an entry.
const BEGIN = `
local wait = 0
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', KEYS[i])
    wait = math.max(wait, ttl > 0 and ttl or tonumber(ARGV[3]))
  end
end
if wait > 0 then return wait end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for i = 3, 4 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - tonumber(ARGV[5])) end
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') + redis.call('ZCARD', KEYS[i + 2]) >= tonumber(ARGV[i]) then
    return -1
  end
end
for i = 3, 4 do
  redis.call('ZADD', KEYS[i], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[i], ARGV[5])
end
return 0`

// KEYS: as for BEGIN. ARGV: the attempt id, the outcome, the window in ms.
const END = `
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
if ARGV[2] == 'failed' then
  for i = 1, 2 do
    redis.call('INCR', KEYS[i])
    if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
  end
elseif ARGV[2] == 'succeeded' then
  redis.call('DEL', KEYS[2])
end
return 0`

const secondsFrom = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

const decisionFrom = (ms: number): LimitDecision =>
  ms > 0 ? { verdict: 'locked', retryAfterSeconds: secondsFrom(ms) } : ms < 0 ? { verdict: 'busy' } : { verdict: 'go' }

/** The counters live in Redis (Lua scripts run atomically) so that every replica counts alike. */
export function createRedisLoginLimiter(redis: RedisHandle, keyPrefix: string, options: LimiterOptions): LoginLimiter {
  const keys = ({ client, username }: LoginAttempt) => [
    `${keyPrefix}login-failures:client:${client}`,
    `${keyPrefix}login-failures:account:${username}`,
    `${keyPrefix}login-in-flight:client:${client}`,
    `${keyPrefix}login-in-flight:account:${username}`,
  ]
  const windowMs = String(options.windowSeconds * 1000)
  return {
    begin: (attempt) =>
      inStore(async () => {
        const limits = [options.maxFailures, options.maxFailuresPerAccount].map(String)
        const args = [...limits, windowMs, attempt.id, String(IN_FLIGHT_MAX_MS)]
        return decisionFrom(Number(await redis.client.eval(BEGIN, { keys: keys(attempt), arguments: args })))
      }),
    end: (attempt, outcome) =>
      inStore(async () => {
        await redis.client.eval(END, { keys: keys(attempt), arguments: [attempt.id, outcome, windowMs] })
      }),
  }
}

/**
 * The same rules in process memory, for variants without any network store (the `none` baseline,
 * the memory session store). Single-threaded JavaScript makes each step atomic by itself, and an
 * attempt in flight dies with the process that counts it, so plain counts do. Expired windows are
 * swept as the map grows, so made-up usernames cannot fill memory past one window.
 */
export function createMemoryLoginLimiter(options: LimiterOptions, now = () => Date.now()): LoginLimiter {
  const failures = new Map<string, { count: number; endsAt: number }>()
  const inFlight = new Map<string, number>()
  const sweep = () => {
    for (const [key, window] of failures) if (window.endsAt <= now()) failures.delete(key)
  }
  const failuresOf = (key: string) => {
    const window = failures.get(key)
    if (window && window.endsAt <= now()) failures.delete(key)
    return failures.get(key)
  }
  const counters = ({ client, username }: LoginAttempt) =>
    [
      [`client:${client}`, options.maxFailures],
      [`account:${username}`, options.maxFailuresPerAccount],
    ] as const
  return {
    async begin(attempt) {
      const locked = counters(attempt).map(([key, limit]) => {
        const window = failuresOf(key)
        return window && window.count >= limit ? window.endsAt - now() : 0
      })
      const wait = Math.max(...locked)
      if (wait > 0) return { verdict: 'locked', retryAfterSeconds: secondsFrom(wait) }
      const full = counters(attempt).some(
        ([key, limit]) => (failuresOf(key)?.count ?? 0) + (inFlight.get(key) ?? 0) >= limit,
      )
      if (full) return { verdict: 'busy' }
      for (const [key] of counters(attempt)) inFlight.set(key, (inFlight.get(key) ?? 0) + 1)
      return { verdict: 'go' }
    },
    async end(attempt, outcome) {
      for (const [key] of counters(attempt)) {
        const left = (inFlight.get(key) ?? 1) - 1
        if (left > 0) inFlight.set(key, left)
        else inFlight.delete(key)
      }
      if (outcome === 'succeeded') failures.delete(`account:${attempt.username}`)
      if (outcome !== 'failed') return
      if (failures.size >= 10_000) sweep()
      for (const [key] of counters(attempt)) {
        const window = failuresOf(key)
        if (window) window.count += 1
        else failures.set(key, { count: 1, endsAt: now() + options.windowSeconds * 1000 })
      }
    },
  }
}
