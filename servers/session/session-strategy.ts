import { randomBytes } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import session, { MemoryStore, type CookieOptions, type Store } from 'express-session'
import { RedisStore } from 'connect-redis'
import { httpsRequired, invalidCredential, missingCredential, storeUnavailable } from '../core/errors.js'
import { inStore } from '../core/redis.js'
import type { AuthStrategy, StrategyDeps, VariantOptions } from '../core/strategy.js'
import { assertSameSiteRequest, newCsrfToken } from './csrf.js'
import { cacheVariant, createCredentialCache, parseCacheOptions, revocationWith } from '../core/credential-cache.js'
import { CachingStore } from './caching-store.js'
import { createSignedCookieTest } from './signed-cookie.js'
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
/**
 * The name when cookies are Secure. Browsers accept a `__Host-` cookie only if it is Secure, has
 * Path=/ and no Domain, so no subdomain and no plain-HTTP page can plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`
export const sessionCookieName = (secure: boolean) => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE)

export const SESSION_STORES = ['redis', 'memory'] as const
const DEFAULT_TTL_SECONDS = 3600

export function parseSessionStore(value: string | undefined): (typeof SESSION_STORES)[number] {
  const store = value ?? 'redis'
  if (store !== 'redis' && store !== 'memory') throw new TypeError(`--store must be redis or memory, got "${store}"`)
  return store
}

/** The session variant's options, read and checked together (pure: see readTokenOptions). */
export function readSessionOptions(options: VariantOptions) {
  const storeKind = parseSessionStore(options.store)
  const cacheOptions = parseCacheOptions(options.cacheTtl, options.invalidation)
  if (storeKind === 'memory' && cacheOptions.ttlMs > 0)
    throw new TypeError('--cache-ttl puts a cache in front of Redis: use it with --store redis')
  return { storeKind, cacheOptions }
}

function signingSecrets(configured: readonly string[] | undefined): string[] {
  // A list, newest first: express-session signs with the first and accepts all, so a secret can be
  // rotated without logging everybody out. Generated per run when the env gives none.
  const secrets = configured ? [...configured] : [randomBytes(32).toString('base64url')]
  if (secrets.some((secret) => secret.length < 32))
    throw new TypeError('every SESSION_SECRETS entry must be at least 32 characters')
  return secrets
}

/** Runs a callback-style session operation; a store failure becomes a 503 (fail closed). */
const inSession = (work: (done: (error?: unknown) => void) => void) =>
  inStore(() => new Promise<void>((resolve, reject) => work((error) => (error ? reject(error) : resolve()))))

/**
 * Server-side sessions: the client holds an opaque id in a signed cookie, the server holds the
 * record. Revocation is deleting the record, so it is immediate; the price is a store lookup on
 * every request.
 */
export async function createSessionStrategy(options: VariantOptions, deps: StrategyDeps): Promise<AuthStrategy> {
  const { config, redis, users, weakened } = deps
  const { storeKind, cacheOptions } = readSessionOptions(options)
  const ttl = config.credentialTtlSeconds ?? DEFAULT_TTL_SECONDS
  let store: Store
  let index: SessionIndex
  if (storeKind === 'memory') {
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

  const cookieName = sessionCookieName(config.secureCookies)
  const cookieSent = new RegExp(`(?:^|;\\s*)${cookieName.replace(/[.]/g, '\\.')}=`)
  // One set of attributes for setting the cookie and for clearing it: a browser only drops a cookie
  // when the clearing Set-Cookie matches its name, path and (for __Host-) Secure attribute.
  const COOKIE_OPTIONS = {
    httpOnly: !weakened?.cookieReadableByScripts, // page scripts (and XSS) cannot read the id
    sameSite: 'lax', // not sent on cross-site POSTs; the CSRF token covers what Lax lets through
    secure: config.secureCookies, // only over TLS: set AUTHLAB_SECURE_COOKIES=true behind HTTPS
    path: '/',
  } as const satisfies CookieOptions
  const destroyById = (id: string) => inSession((done) => store.destroy(id, done))

  const secrets = signingSecrets(config.secrets.sessionSecrets)
  const sentSignedCookie = createSignedCookieTest(cookieName, secrets)
  const sessionMiddleware = session({
    name: cookieName,
    secret: secrets,
    store,
    // resave: false: a request that did not change its session does not write it back. Besides the
    // cost, a write-back could resurrect a session that logout destroyed while the request ran.
    resave: false,
    saveUninitialized: false, // no cookie, no store write, until someone logs in
    // unset: 'destroy': `req.session = null` deletes the record in the store, instead of leaving a
    // live session behind while the code believed it had dropped it (a failed login relies on it).
    unset: 'destroy',
    // No `proxy`: express-session then asks Express whether the request came over TLS, which
    // follows AUTHLAB_TRUST_PROXY (a hop count or the proxies' addresses), never any client's word.
    cookie: { ...COOKIE_OPTIONS, maxAge: ttl * 1000 },
  })
  const loadSession = (req: Request, res: Response) => inSession((done) => sessionMiddleware(req, res, done))
  const middleware: RequestHandler = (req, res, next) => {
    // No cookie we signed, no session: express-session would make a new, empty one (24 random
    // bytes for an id, a Session, hooks on the answer) only for authenticate to refuse it. Measured
    // in-process, that made a forged or malformed cookie cost 3/4 of a real session read (issue 28).
    // A login makes its session itself (issue, below).
    if (!sentSignedCookie(req.headers.cookie)) return next()
    loadSession(req, res).then(
      () => next(),
      (error: unknown) => {
        // The store failed to load the session, so req.session is unset; with unset: 'destroy'
        // express-session would then DELETE the record when the 503 goes out, and that delete can
        // land once the store is back (a failover, a stall): a store blip would log users out.
        // No session was loaded, so there is nothing to destroy: forget the id for this request.
        if (req.session == null) (req as { sessionID?: string }).sessionID = undefined
        next(error)
      },
    )
  }

  return {
    name: 'session',
    variant: {
      store: storeKind,
      session_ttl_s: ttl,
      ...cacheVariant(cacheOptions),
      // Shown in /health, so a weakened server can never pass for the real one.
      ...(weakened?.cookieReadableByScripts && { weakened: 'httponly-off' }),
    },
    challenge: `Cookie realm="authlab", cookie-name="${cookieName}"`,
    middleware: () => [middleware],

    async issue(user, req) {
      // express-session leaves a Secure cookie out of a plain-HTTP answer without a word, and would
      // still write the session: a login that "succeeds" with no cookie, and an orphan in the store.
      if (config.secureCookies && !req.secure) throw httpsRequired()
      try {
        // A login without a valid cookie has no session yet (see middleware): it gets one now.
        if (!req.session) await loadSession(req, req.res as Response)
        // A new id at login: an id an attacker planted before login (session fixation) dies here.
        await inSession((done) => req.session.regenerate(done))
        // Into the index BEFORE the session is saved: a session that exists is always findable by
        // revoke-all, even when this login fails halfway.
        await index.add(user.username, req.sessionID)
        req.session.username = user.username
        req.session.roles = [...user.roles]
        req.session.csrfToken = newCsrfToken()
        await inSession((done) => req.session.save(done))
        // A revoke-all that ran between the two writes above found the id, destroyed nothing and
        // took the id out: this session would escape it. Then the login does not count.
        if (!(await index.has(user.username, req.sessionID))) {
          throw storeUnavailable(new Error('a revoke-all of this user ran during the login'))
        }
      } catch (error) {
        // Whatever failed, no half-made session stays behind (unset: 'destroy') and no cookie is set.
        ;(req as { session: unknown }).session = null
        throw error
      }
      // The id travels only in the HttpOnly Set-Cookie header; the body gets the CSRF token.
      return { token_type: 'Cookie', expires_in: ttl, csrf_token: req.session.csrfToken }
    },

    async authenticate(req) {
      const { username, roles } = req.session ?? {}
      // express-session treats a bad signature, an unknown id and an expired one alike: as no
      // session. If our cookie was sent, though, the client meant to authenticate: say invalid.
      if (username === undefined || roles === undefined) {
        throw cookieSent.test(req.headers.cookie ?? '') ? invalidCredential() : missingCredential()
      }
      // The session remembers who logged in; the user store says who that is NOW. A removed user's
      // sessions stop working, and a role taken away is gone from the next request on.
      const user = users.find(username)
      if (!user) throw invalidCredential(undefined, 'The user of this session no longer exists.')
      return { sub: user.username, roles: user.roles, credential: { id: req.sessionID } }
    },

    guardStateChange: (req) => assertSameSiteRequest(req, req.session.csrfToken),

    async revoke(req, principal, scope) {
      if (scope.kind === 'this') {
        await inSession((done) => req.session.destroy(done))
        await index.remove(principal.sub, [req.sessionID])
      } else {
        // Destroy first, then forget the ids: if a destroy fails, every id is still in the index
        // and a retry finds the sessions that are left.
        const ids = await index.list(scope.username)
        for (const id of ids) await destroyById(id)
        await index.remove(scope.username, ids)
      }
      if (scope.kind === 'this' || scope.username === principal.sub) req.res?.clearCookie(cookieName, COOKIE_OPTIONS)
      return revocationWith(cacheOptions)
    },

    close: async () => {},
  }
}
