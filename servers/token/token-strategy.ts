import { randomUUID } from 'node:crypto'
import { bearerToken } from '../core/credentials.js'
import { isStoreUnavailable, missingCredential, revokedCredential } from '../core/errors.js'
import { parseRefreshBody } from '../core/login-body.js'
import { cacheVariant, createCredentialCache, parseCacheOptions, revocationWith } from '../core/credential-cache.js'
import { inStore, type RedisHandle } from '../core/redis.js'
import type { AuthStrategy, LoginResponse, RevocationResult, StrategyDeps, VariantOptions } from '../core/strategy.js'
import type { User } from '../core/users.js'
import { createDenylist } from './denylist.js'
import { createFailOpenLog } from './fail-open-log.js'
import { createRefreshFamilies } from './refresh-families.js'
import type { TokenCodec } from './token-codec.js'

export const REVOCATION_MODES = ['none', 'denylist', 'refresh'] as const
export type RevocationMode = (typeof REVOCATION_MODES)[number]

export function parseRevocationMode(value: string | undefined): RevocationMode {
  const mode = value ?? 'none'
  if (!(REVOCATION_MODES as readonly string[]).includes(mode)) {
    throw new TypeError(`--revocation must be one of ${REVOCATION_MODES.join(', ')}, got "${mode}"`)
  }
  return mode as RevocationMode
}

export const STORE_FAILURE_MODES = ['closed', 'open'] as const

function parseStoreFailure(value: string | undefined, mode: RevocationMode): 'closed' | 'open' {
  const failure = value ?? 'closed'
  if (!(STORE_FAILURE_MODES as readonly string[]).includes(failure)) {
    throw new TypeError(`--store-failure must be one of ${STORE_FAILURE_MODES.join(', ')}, got "${failure}"`)
  }
  if (failure === 'open' && mode !== 'denylist') {
    throw new TypeError(
      '--store-failure open skips the denylist while Redis is down: use it with --revocation denylist',
    )
  }
  return failure as 'closed' | 'open'
}

/**
 * A token variant's options, read and checked together: pure, so `authlab serve` runs it before it
 * connects to Redis or hashes a password (registry checkOptions), and the strategy reads them here.
 */
export function readTokenOptions(options: VariantOptions) {
  const mode = parseRevocationMode(options.revocation)
  const cacheOptions = parseCacheOptions(options.cacheTtl, options.invalidation)
  if (cacheOptions.ttlMs > 0 && mode !== 'denylist') {
    throw new TypeError('--cache-ttl caches denylist lookups: use it with --revocation denylist')
  }
  return { mode, cacheOptions, storeFailure: parseStoreFailure(options.storeFailure, mode) }
}

export const DEFAULT_ACCESS_TTL = { none: 900, denylist: 900, refresh: 60 } as const

/**
 * One strategy for every stateless token format: the format (JWT, PASETO) is the codec; the
 * revocation mode decides what, if anything, the server remembers.
 * - none: nothing. Logout answers `Auth-Revocation: none` and the token works until it expires.
 * - denylist: a Redis lookup on every request (the token is no longer really stateless).
 * - refresh: short access tokens nobody can revoke, plus refresh tokens kept in Redis that can be.
 */
export async function createTokenStrategy(
  name: 'jwt' | 'paseto',
  codec: TokenCodec,
  options: VariantOptions,
  deps: StrategyDeps,
): Promise<AuthStrategy> {
  const { config, users } = deps
  const { mode, cacheOptions, storeFailure } = readTokenOptions(options)
  const redis = (): RedisHandle => {
    if (!deps.redis) throw new TypeError(`${name} in ${mode} mode needs Redis`)
    return deps.redis
  }
  if (storeFailure === 'open') {
    deps.log(`INSECURE: --store-failure open: while Redis is down, revoked ${name} tokens are accepted (fail open)`)
  }
  // Fail-open must never be silent: counted, told in the log once an outage starts and then at a
  // bounded rate, and shown in /health (fail-open-log.ts).
  const failOpen = storeFailure === 'open' ? createFailOpenLog(deps.log) : undefined
  const accessTtl = config.credentialTtlSeconds ?? DEFAULT_ACCESS_TTL[mode]
  const tolerance = config.clockToleranceSeconds
  const denylist =
    mode === 'denylist'
      ? createDenylist(redis(), config.keyPrefix, { maxTokenLifeSeconds: accessTtl, clockToleranceSeconds: tolerance })
      : undefined
  // Remembers "this jti was not revoked" for a while: fewer Redis reads, a longer revocation window.
  const aliveCache = await createCredentialCache<{ sub: string }>(
    cacheOptions,
    deps.redis,
    `${config.keyPrefix}tokens-revoked`,
  )
  const families =
    mode === 'refresh' ? createRefreshFamilies(redis(), config.keyPrefix, config.refreshTtlSeconds) : undefined
  const nowSeconds = () => Date.now() / 1000

  async function tokensFor(user: User, family?: { fid: string; jti: string }): Promise<LoginResponse> {
    const iat = nowSeconds()
    const common = { sub: user.username, roles: user.roles, iat, ...(family && { fid: family.fid }) }
    const access = await codec.sign({ ...common, kind: 'access', jti: randomUUID(), exp: Math.floor(iat) + accessTtl })
    const response = { token_type: 'Bearer', access_token: access, expires_in: accessTtl } as const
    if (!family) return response
    const exp = Math.floor(iat) + config.refreshTtlSeconds
    return { ...response, refresh_token: await codec.sign({ ...common, kind: 'refresh', jti: family.jti, exp }) }
  }

  return {
    name,
    variant: {
      ...codec.variant,
      revocation: mode,
      token_ttl_s: accessTtl,
      ...cacheVariant(cacheOptions),
      ...(storeFailure === 'open' && { store_failure: 'open (INSECURE)' }),
    },
    challenge: 'Bearer realm="authlab"',

    issue: async (user) => tokensFor(user, await families?.start(user.username)),

    async authenticate(req) {
      const token = bearerToken(req)
      if (token === undefined) throw missingCredential()
      const claims = await codec.verify(token, 'access')
      if (denylist) {
        const alive = await aliveCache
          .lookup(claims.jti, async () => {
            const isAlive = await denylist.isAlive(claims)
            failOpen?.storeAnswered()
            return isAlive ? { sub: claims.sub } : undefined
          })
          // Fail open (opt-in, INSECURE): a store that did not answer within its bound (guardStore
          // still times every call) counts as "not revoked". The default rethrows: 503, fail closed.
          .catch((error: unknown) => {
            if (failOpen && isStoreUnavailable(error)) {
              failOpen.accepted()
              return { sub: claims.sub }
            }
            throw error
          })
        if (!alive) throw revokedCredential()
      }
      const { sub, roles, jti, iat, exp, fid } = claims
      return { sub, roles, credential: { id: jti, issuedAt: iat, expiresAt: exp, ...(fid && { familyId: fid }) } }
    },

    async revoke(_req, principal, scope): Promise<RevocationResult> {
      const credential = principal.credential
      if (denylist && credential?.expiresAt !== undefined) {
        if (scope.kind === 'this') {
          await denylist.revokeToken(credential.id, credential.expiresAt, nowSeconds())
          await inStore(() => aliveCache.forget(credential.id))
        } else {
          await denylist.revokeUser(scope.username, nowSeconds())
          await inStore(() => aliveCache.forgetUser(scope.username))
        }
        return revocationWith(cacheOptions)
      }
      if (families) {
        if (scope.kind === 'all') await families.killAll(scope.username)
        else if (credential?.familyId) await families.kill(principal.sub, credential.familyId)
        // The refresh tokens are dead; access tokens already out live on until they expire, and
        // verification accepts them for the clock tolerance past that.
        const remaining =
          (scope.kind === 'this' && credential?.expiresAt ? credential.expiresAt - nowSeconds() : accessTtl) + tolerance
        return { effect: 'deferred', withinSeconds: Math.max(0, Math.ceil(remaining)) }
      }
      return { effect: 'none' }
    },

    ...(families && {
      async refresh(req) {
        const claims = await codec.verify(parseRefreshBody(req.body), 'refresh')
        const next = claims.fid && (await families.rotate(claims.sub, claims.fid, claims.jti))
        const user = users.find(claims.sub)
        if (!next || !claims.fid || !user) throw revokedCredential()
        return tokensFor(user, { fid: claims.fid, jti: next })
      },
    }),

    ...(failOpen && { failOpenCounts: failOpen.counts }),

    close: async () => failOpen?.close(),
  }
}
