import { singleHeader } from '../core/credentials.js'
import { cacheVariant, createCredentialCache, parseCacheOptions, revocationWith } from '../core/credential-cache.js'
import { invalidCredential, missingCredential } from '../core/errors.js'
import { inStore } from '../core/redis.js'
import type { AuthStrategy, StrategyDeps, VariantOptions } from '../core/strategy.js'
import { randomBytes } from 'node:crypto'
import { hashApiKey, isOurApiKey, newApiKey } from './api-key-format.js'

const DEFAULT_TTL_SECONDS = 30 * 86_400

function tagSecrets(configured: readonly string[] | undefined): string[] {
  // A list, newest first: keys are tagged with the first and accepted under any, so a secret can be
  // rotated without revoking every key. Generated per run when the env gives none: replicas behind
  // one balancer must then be given the same APIKEY_SECRETS, as they share JWT_SECRET.
  const secrets = configured ? [...configured] : [randomBytes(32).toString('base64url')]
  if (secrets.some((secret) => secret.length < 32))
    throw new TypeError('every APIKEY_SECRETS entry must be at least 32 characters (npx authlab keys prints one)')
  return secrets
}

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
  const secrets = tagSecrets(config.secrets.apiKeySecrets)
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
      const key = newApiKey(secrets[0] as string)
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
      // A malformed key, a wrong checksum or a made-up key (its tag is not ours) costs no store
      // lookup: only a key this server (or one sharing its secret) issued reaches Redis.
      if (!isOurApiKey(key, secrets)) throw invalidCredential()
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
