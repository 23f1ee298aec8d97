import { singleHeader } from '../core/credentials.js'
import { cacheVariant, createCredentialCache, parseCacheOptions, revocationWith } from '../core/credential-cache.js'
import { invalidCredential, missingCredential } from '../core/errors.js'
import { inStore } from '../core/redis.js'
import type { AuthStrategy, StrategyDeps, VariantOptions } from '../core/strategy.js'
import { hashApiKey, isWellFormedApiKey, newApiKey } from './api-key-format.js'

const DEFAULT_TTL_SECONDS = 30 * 86_400

/**
 * API keys: a long random key, shown once at login. Redis keeps only its SHA-256 with the owner
 * and roles, so a leak of the store leaks no usable key. Revoking deletes the record: immediate,
 * unless an in-process cache (--cache-ttl) keeps serving it on other replicas.
 */
export async function createApiKeyStrategy(options: VariantOptions, deps: StrategyDeps): Promise<AuthStrategy> {
  const { config, users } = deps
  const redis = deps.redis
  if (!redis) throw new TypeError('the apikey strategy needs Redis')
  const ttl = config.credentialTtlSeconds ?? DEFAULT_TTL_SECONDS
  const keyRecord = (hash: string) => `${config.keyPrefix}apikey:${hash}`
  const keysOf = (username: string) => `${config.keyPrefix}apikeys-of:${username}`
  const cacheOptions = parseCacheOptions(options.cacheTtl, options.invalidation)
  const cache = await createCredentialCache<{ sub: string; roles: string[]; expiresAt: number }>(
    cacheOptions,
    redis,
    `${config.keyPrefix}apikeys-revoked`,
  )

  return {
    name: 'apikey',
    variant: { key_ttl_s: ttl, ...cacheVariant(cacheOptions) },
    challenge: 'ApiKey realm="authlab", header="X-API-Key"',

    async issue(user) {
      const key = newApiKey()
      const hash = hashApiKey(key)
      await inStore(() =>
        redis.client
          .multi()
          .hSet(keyRecord(hash), {
            sub: user.username,
            roles: JSON.stringify(user.roles),
            expires_at: String(Date.now() + ttl * 1000),
          })
          .expire(keyRecord(hash), ttl)
          .sAdd(keysOf(user.username), hash)
          .expire(keysOf(user.username), ttl)
          .exec(),
      )
      return { token_type: 'ApiKey', api_key: key, expires_in: ttl }
    },

    async authenticate(req) {
      const key = singleHeader(req, 'x-api-key')
      if (key === undefined) throw missingCredential()
      // A malformed key or a wrong checksum costs no store lookup.
      if (!isWellFormedApiKey(key)) throw invalidCredential()
      const hash = hashApiKey(key)
      const record = await cache.lookup(hash, async () => {
        const { sub, roles, expires_at } = await inStore(() => redis.client.hGetAll(keyRecord(hash)))
        return sub && roles ? { sub, roles: JSON.parse(roles) as string[], expiresAt: Number(expires_at) } : undefined
      })
      // No record: never issued, revoked, or expired (Redis expires it; a cached copy is checked here,
      // so a cache never outlives the key). A record whose user is gone: deleted user. The roles
      // are the user's as they are now, not as they were when the key was issued.
      const user = record && record.expiresAt > Date.now() ? users.find(record.sub) : undefined
      if (!user) throw invalidCredential()
      return { sub: user.username, roles: user.roles, credential: { id: hash } }
    },

    async revoke(_req, principal, scope) {
      // The store first, then the caches: see CachingStore for why the order matters.
      if (scope.kind === 'this' && principal.credential) {
        const hash = principal.credential.id
        await inStore(() => redis.client.multi().del(keyRecord(hash)).sRem(keysOf(principal.sub), hash).exec())
        await inStore(() => cache.forget(hash))
      } else if (scope.kind === 'all') {
        await inStore(async () => {
          const hashes = await redis.client.sMembers(keysOf(scope.username))
          await redis.client.del([...hashes.map(keyRecord), keysOf(scope.username)])
        })
        await inStore(() => cache.forgetUser(scope.username))
      }
      return revocationWith(cacheOptions)
    },

    close: async () => {},
  }
}
