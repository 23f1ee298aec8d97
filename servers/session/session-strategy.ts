import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import type { Request, RequestHandler } from 'express'
import session, { MemoryStore, type Store } from 'express-session'
import { RedisStore } from 'connect-redis'
import { invalidCredential, missingCredential, storeUnavailable } from '../core/errors.js'
import type { AuthStrategy, StrategyDeps, VariantOptions } from '../core/strategy.js'
import { assertSameSiteRequest, newCsrfToken } from './csrf.js'
import { cacheVariant, createCredentialCache, parseCacheOptions, revocationWith } from '../core/credential-cache.js'
import { CachingStore } from './caching-store.js'
import { createMemorySessionIndex, createRedisSessionIndex, type SessionIndex } from './session-index.js'

declare module 'express-session' {
  interface SessionData {
    username: string
    roles: string[]
    csrfToken: string
  }
}

/** Named for the lab: the default `connect.sid` tells every scanner which framework runs here. */
export const SESSION_COOKIE = 'authlab.sid'
export const SESSION_STORES = ['redis', 'memory'] as const
const DEFAULT_TTL_SECONDS = 3600

export function parseSessionStore(value: string | undefined): (typeof SESSION_STORES)[number] {
  const store = value ?? 'redis'
  if (store !== 'redis' && store !== 'memory') throw new TypeError(`--store must be redis or memory, got "${store}"`)
  return store
}

function signingSecrets(configured: readonly string[] | undefined): string[] {
  // A list, newest first: express-session signs with the first and accepts all, so a secret can be
  // rotated without logging everybody out. Generated per run when the env gives none.
  const secrets = configured ? [...configured] : [randomBytes(32).toString('base64url')]
  if (secrets.some((secret) => secret.length < 32))
    throw new TypeError('every SESSION_SECRETS entry must be at least 32 characters')
  return secrets
}

const SESSION_COOKIE_SENT = /(?:^|;\s*)authlab\.sid=/
const hasSessionCookie = (req: Request) => SESSION_COOKIE_SENT.test(req.headers.cookie ?? '')

/**
 * Server-side sessions: the client holds an opaque id in a signed cookie, the server holds the
 * record. Revocation is deleting the record, so it is immediate; the price is a store lookup on
 * every request.
 */
export async function createSessionStrategy(options: VariantOptions, deps: StrategyDeps): Promise<AuthStrategy> {
  const { config, redis } = deps
  const storeKind = parseSessionStore(options.store)
  const cacheOptions = parseCacheOptions(options.cacheTtl, options.invalidation)
  const ttl = config.credentialTtlSeconds ?? DEFAULT_TTL_SECONDS
  let store: Store
  let index: SessionIndex
  if (storeKind === 'memory') {
    if (cacheOptions.ttlMs > 0)
      throw new TypeError('--cache-ttl puts a cache in front of Redis: use it with --store redis')
    store = new MemoryStore()
    index = createMemorySessionIndex()
  } else {
    if (!redis) throw new TypeError('the redis session store needs Redis')
    // disableTouch: sessions expire `ttl` after login (like the tokens), and a read costs one GET
    // instead of GET + EXPIRE.
    const redisStore = new RedisStore({
      client: redis.client,
      prefix: `${config.keyPrefix}sess:`,
      ttl,
      disableTouch: true,
    })
    store =
      cacheOptions.ttlMs > 0
        ? new CachingStore(
            redisStore,
            await createCredentialCache(cacheOptions, redis, `${config.keyPrefix}sessions-revoked`),
          )
        : redisStore
    index = createRedisSessionIndex(redis, config.keyPrefix, ttl)
  }
  const destroyInStore = promisify(store.destroy.bind(store))

  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: signingSecrets(config.secrets.sessionSecrets),
    store,
    resave: false,
    saveUninitialized: false, // no cookie, no store write, until someone logs in
    unset: 'destroy',
    proxy: config.trustProxy,
    cookie: {
      httpOnly: true, // page scripts (and XSS) cannot read the id
      sameSite: 'lax', // not sent on cross-site POSTs; the CSRF token covers what Lax lets through
      secure: config.secureCookies, // only over TLS: set AUTHLAB_SECURE_COOKIES=true behind HTTPS
      maxAge: ttl * 1000,
      path: '/',
    },
  })
  // A store failure inside express-session is a 503 (fail closed), not a 500.
  const middleware: RequestHandler = (req, res, next) =>
    sessionMiddleware(req, res, (error?: unknown) => next(error ? storeUnavailable(error) : undefined))

  const inSession = async (work: (done: (error: unknown) => void) => void) => {
    try {
      await new Promise<void>((resolve, reject) => work((error) => (error ? reject(error) : resolve())))
    } catch (error) {
      throw storeUnavailable(error)
    }
  }

  return {
    name: 'session',
    variant: { store: storeKind, session_ttl_s: ttl, ...cacheVariant(cacheOptions) },
    challenge: `Cookie realm="authlab", cookie-name="${SESSION_COOKIE}"`,
    middleware: () => [middleware],

    async issue(user, req) {
      // A new id at login: an id an attacker planted before login (session fixation) dies here.
      await inSession((done) => req.session.regenerate(done))
      req.session.username = user.username
      req.session.roles = [...user.roles]
      req.session.csrfToken = newCsrfToken()
      await inSession((done) => req.session.save(done))
      await index.add(user.username, req.sessionID)
      // The id travels only in the HttpOnly Set-Cookie header; the body gets the CSRF token.
      return { token_type: 'Cookie', expires_in: ttl, csrf_token: req.session.csrfToken }
    },

    async authenticate(req) {
      const { username, roles } = req.session ?? {}
      // express-session treats a bad signature, an unknown id and an expired one alike: as no
      // session. If our cookie was sent, though, the client meant to authenticate: say invalid.
      if (username === undefined || roles === undefined) {
        throw hasSessionCookie(req) ? invalidCredential() : missingCredential()
      }
      return { sub: username, roles, credential: { id: req.sessionID } }
    },

    guardStateChange: (req) => assertSameSiteRequest(req, req.session.csrfToken),

    async revoke(req, principal, scope) {
      if (scope.kind === 'this') {
        await inSession((done) => req.session.destroy(done))
        await index.remove(principal.sub, req.sessionID)
      } else {
        for (const id of await index.takeAll(scope.username)) {
          await destroyInStore(id).catch((error: unknown) => {
            throw storeUnavailable(error)
          })
        }
      }
      if (scope.kind === 'this' || scope.username === principal.sub)
        req.res?.clearCookie(SESSION_COOKIE, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
        })
      return revocationWith(cacheOptions)
    },

    close: async () => {},
  }
}
