import { inStore, type RedisHandle } from './redis.js'

/**
 * Counts failed logins per client (IP address) in a fixed window. While a client is over the limit
 * every login is refused with 429, even one with the right password: otherwise a brute-forcer could
 * keep guessing and simply ignore the 429s until one guess is right.
 */
export interface LoginLimiter {
  /** Seconds the client must wait, or 0 when it may try. */
  retryAfter(client: string): Promise<number>
  recordFailure(client: string): Promise<void>
}

export interface LimiterOptions {
  readonly maxFailures: number
  readonly windowSeconds: number
}

/** The counters live in Redis so that every replica of a server counts the same failures. */
export function createRedisLoginLimiter(redis: RedisHandle, keyPrefix: string, options: LimiterOptions): LoginLimiter {
  const key = (client: string) => `${keyPrefix}login-failures:${client}`
  return {
    retryAfter: (client) =>
      inStore(async () => {
        const [count, ttl] = await redis.client.multi().get(key(client)).ttl(key(client)).exec()
        return Number(count ?? 0) >= options.maxFailures ? Math.max(1, Number(ttl)) : 0
      }),
    recordFailure: (client) =>
      inStore(async () => {
        // NX: the window starts at the first failure and is not extended by later ones.
        await redis.client.multi().incr(key(client)).expire(key(client), options.windowSeconds, 'NX').exec()
      }),
  }
}

/** For variants that run without any network store (the `none` baseline, the memory session store). */
export function createMemoryLoginLimiter(options: LimiterOptions, now = () => Date.now()): LoginLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>()
  const current = (client: string) => {
    const window = windows.get(client)
    if (window && window.endsAt <= now()) windows.delete(client)
    return windows.get(client)
  }
  return {
    async retryAfter(client) {
      const window = current(client)
      return window && window.count >= options.maxFailures ? Math.max(1, Math.ceil((window.endsAt - now()) / 1000)) : 0
    },
    async recordFailure(client) {
      const window = current(client)
      if (window) window.count += 1
      else windows.set(client, { count: 1, endsAt: now() + options.windowSeconds * 1000 })
    },
  }
}
