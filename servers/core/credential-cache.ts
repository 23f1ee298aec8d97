import type { RedisHandle } from './redis.js'
import type { RevocationResult, Variant } from './strategy.js'

/**
 * An in-process cache in front of Redis: how real systems buy speed, and what the revocation
 * experiment exists to price. A hit skips the store, so a credential revoked on ANOTHER replica keeps
 * working here until its entry expires (up to `ttlMs`): the stale-cache problem. With
 * `invalidation: 'pubsub'`, every revoke is also published on a Redis channel, and every replica
 * drops the entry when the message arrives, which closes the window to the message's travel time.
 */
export const INVALIDATION_MODES = ['none', 'pubsub'] as const
export type InvalidationMode = (typeof INVALIDATION_MODES)[number]

export interface CacheOptions {
  readonly ttlMs: number
  readonly invalidation: InvalidationMode
}

export interface CredentialCache<T extends { readonly sub: string }> {
  /** The cached value, or what `load` returns (cached when defined). */
  lookup(id: string, load: () => Promise<T | undefined>): Promise<T | undefined>
  /** Drop one credential here, and on every replica when invalidation is pubsub. */
  forget(id: string): Promise<void>
  /** Drop every credential of a user (revoke-all). */
  forgetUser(sub: string): Promise<void>
}

type Invalidation = { readonly id: string } | { readonly sub: string }

export function parseCacheOptions(cacheTtlMs: number | undefined, invalidation: string | undefined): CacheOptions {
  const ttlMs = cacheTtlMs ?? 0
  const mode = invalidation ?? 'none'
  if (!Number.isInteger(ttlMs) || ttlMs < 0 || ttlMs > 3_600_000) {
    throw new TypeError(`--cache-ttl must be milliseconds from 0 to 3600000, got "${cacheTtlMs}"`)
  }
  if (!(INVALIDATION_MODES as readonly string[]).includes(mode)) {
    throw new TypeError(`--invalidation must be one of ${INVALIDATION_MODES.join(', ')}, got "${mode}"`)
  }
  if (mode === 'pubsub' && ttlMs === 0) throw new TypeError('--invalidation pubsub needs a cache: set --cache-ttl too')
  return { ttlMs, invalidation: mode as InvalidationMode }
}

/** The variant fields a cache adds to /health and to results (none when there is no cache). */
export const cacheVariant = ({ ttlMs, invalidation }: CacheOptions): Variant =>
  ttlMs === 0 ? {} : { cache_ttl_ms: ttlMs, invalidation }

/**
 * What a revoke achieves with this cache: without pub/sub, other replicas may serve the credential
 * from their cache for up to one TTL. With pub/sub the message reaches them within milliseconds;
 * the revocation experiment measures how many.
 */
export function revocationWith({ ttlMs, invalidation }: CacheOptions): RevocationResult {
  return ttlMs === 0 || invalidation === 'pubsub'
    ? { effect: 'immediate' }
    : { effect: 'deferred', withinSeconds: Math.ceil(ttlMs / 1000) }
}

export async function createCredentialCache<T extends { readonly sub: string }>(
  options: CacheOptions,
  redis: RedisHandle | undefined,
  channel: string,
  now: () => number = Date.now,
): Promise<CredentialCache<T>> {
  const entries = new Map<string, { value: T; expiresAt: number }>()
  // Counts invalidations. A lookup that read the store before a revoke and returns after it holds
  // the credential as it was BEFORE the revoke: if any invalidation happened while it read, its
  // answer serves that one request but is not cached, or the revoked credential would live on here.
  let generation = 0
  const dropLocally = (message: Invalidation) => {
    generation += 1
    if ('id' in message) entries.delete(message.id)
    else for (const [id, entry] of entries) if (entry.value.sub === message.sub) entries.delete(id)
  }
  const pubsub = options.invalidation === 'pubsub' && redis !== undefined && options.ttlMs > 0
  if (pubsub) {
    await redis.subscribe(channel, (raw) => {
      try {
        dropLocally(JSON.parse(raw) as Invalidation)
      } catch {
        entries.clear() // a message we cannot read: drop everything rather than serve stale entries
      }
    })
  }
  const broadcast = async (message: Invalidation) => {
    dropLocally(message)
    if (pubsub) await redis.client.publish(channel, JSON.stringify(message))
  }

  return {
    async lookup(id, load) {
      if (options.ttlMs === 0) return load()
      const entry = entries.get(id)
      if (entry && entry.expiresAt > now()) return entry.value
      const readFrom = generation
      const value = await load()
      if (value === undefined || generation !== readFrom) entries.delete(id)
      else entries.set(id, { value, expiresAt: now() + options.ttlMs })
      return value
    },
    forget: (id) => broadcast({ id }),
    forgetUser: (sub) => broadcast({ sub }),
  }
}
