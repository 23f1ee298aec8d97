import { inStore, type RedisHandle } from './redis.js'

/**
 * Limits password guesses twice over, in fixed windows: per client (address) and per account
 * (username, known or not, so a 429 says nothing about which accounts exist).
 *
 * Every attempt is counted BEFORE its password is hashed, in one atomic step that also checks the
 * limits: a burst of concurrent guesses cannot all pass the check before any of them is recorded.
 * While either counter is over its limit, every login is refused with 429, even one with the right
 * password: otherwise a brute-forcer could ignore the 429s until one guess is right.
 *
 * The per-account limit has a price, and it is deliberate: anyone who knows a username can lock
 * that account out for a window by sending wrong passwords (README, "Login limits").
 */
export interface LoginAttempt {
  readonly client: string
  readonly username: string
}

export interface LoginLimiter {
  /** Counts the attempt; returns the seconds to wait when over a limit (nothing counted), else 0. */
  begin(attempt: LoginAttempt): Promise<number>
  /**
   * The password was right. The client's attempt is given back (not reset: an attacker could clear
   * a whole window of guesses by logging in to an account of their own), and the account's failures
   * are forgiven: only someone who knows its password can do that.
   */
  succeeded(attempt: LoginAttempt): Promise<void>
  /** No password was checked (the hash queue was full): give the attempt back to both counters. */
  unchecked(attempt: LoginAttempt): Promise<void>
}

export interface LimiterOptions {
  readonly maxFailures: number
  readonly maxFailuresPerAccount: number
  readonly windowSeconds: number
}

// KEYS: client counter, account counter. ARGV: their limits, the window in ms.
// Returns 0 after counting, or the ms until the window of a counter over its limit ends.
const BEGIN = `
local wait = 0
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', key)
    wait = math.max(wait, ttl > 0 and ttl or tonumber(ARGV[3]))
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[3]) end
end
return 0`

// KEYS: client counter, account counter. ARGV[1]: 'succeeded' or 'unchecked'.
const END = `
local function giveBack(key)
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
giveBack(KEYS[1])
if ARGV[1] == 'succeeded' then redis.call('DEL', KEYS[2]) else giveBack(KEYS[2]) end
return 0`

const secondsFrom = (ms: number) => (ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0)

/** The counters live in Redis (Lua scripts run atomically) so that every replica counts alike. */
export function createRedisLoginLimiter(redis: RedisHandle, keyPrefix: string, options: LimiterOptions): LoginLimiter {
  const keys = ({ client, username }: LoginAttempt) => [
    `${keyPrefix}login-attempts:client:${client}`,
    `${keyPrefix}login-attempts:account:${username}`,
  ]
  const end = (attempt: LoginAttempt, outcome: 'succeeded' | 'unchecked') =>
    inStore(async () => {
      await redis.client.eval(END, { keys: keys(attempt), arguments: [outcome] })
    })
  return {
    begin: (attempt) =>
      inStore(async () => {
        const limits = [options.maxFailures, options.maxFailuresPerAccount, options.windowSeconds * 1000]
        const wait = await redis.client.eval(BEGIN, { keys: keys(attempt), arguments: limits.map(String) })
        return secondsFrom(Number(wait))
      }),
    succeeded: (attempt) => end(attempt, 'succeeded'),
    unchecked: (attempt) => end(attempt, 'unchecked'),
  }
}

/**
 * The same rules in process memory, for variants without any network store (the `none` baseline,
 * the memory session store). Single-threaded JavaScript makes each step atomic by itself. Expired
 * windows are swept as the map grows, so made-up usernames cannot fill memory past one window.
 */
export function createMemoryLoginLimiter(options: LimiterOptions, now = () => Date.now()): LoginLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>()
  const sweep = () => {
    for (const [key, window] of windows) if (window.endsAt <= now()) windows.delete(key)
  }
  const current = (key: string) => {
    const window = windows.get(key)
    if (window && window.endsAt <= now()) windows.delete(key)
    return windows.get(key)
  }
  const counters = ({ client, username }: LoginAttempt) =>
    [
      [`client:${client}`, options.maxFailures],
      [`account:${username}`, options.maxFailuresPerAccount],
    ] as const
  const giveBack = (key: string) => {
    const window = current(key)
    if (window && window.count > 0) window.count -= 1
  }
  return {
    async begin(attempt) {
      const over = counters(attempt).map(([key, limit]) => {
        const window = current(key)
        return window && window.count >= limit ? window.endsAt - now() : 0
      })
      const wait = Math.max(...over)
      if (wait > 0) return secondsFrom(wait)
      if (windows.size >= 10_000) sweep()
      for (const [key] of counters(attempt)) {
        const window = current(key)
        if (window) window.count += 1
        else windows.set(key, { count: 1, endsAt: now() + options.windowSeconds * 1000 })
      }
      return 0
    },
    async succeeded(attempt) {
      giveBack(`client:${attempt.client}`)
      windows.delete(`account:${attempt.username}`)
    },
    async unchecked(attempt) {
      for (const [key] of counters(attempt)) giveBack(key)
    },
  }
}
