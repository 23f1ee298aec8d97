import { randomUUID } from 'node:crypto'
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import { DEMO_ITEMS } from './demo-data.js'
import { createDemoPage } from './demo-page.js'
import {
  AuthError,
  createErrorHandler,
  forbidden,
  loginsInFlight,
  notFound,
  revocationNotReplicated,
  sendProblem,
  tooManyLogins,
  unknownUser,
  wrongLogin,
} from './errors.js'
import { limiterClientKey } from './client-address.js'
import { createHostCheck } from './host-check.js'
import { queryCredentialNames, refuseAmbiguousCredentials } from './credentials.js'
import { parseLoginBody, parseRevokeAllBody, refuseUnreadBody } from './login-body.js'
import type { LoginLimiter } from './login-limiter.js'
import type { RefusalLog } from './refusal-log.js'
import { revocationHeader, type AuthStrategy, type Principal } from './strategy.js'
import type { TrustProxy } from './trust-proxy.js'
import type { UserStore } from './users.js'

export interface AppOptions {
  readonly strategy: AuthStrategy
  readonly users: UserStore
  readonly limiter: LoginLimiter
  /** False while a store the strategy needs is unreachable: /health then answers 503 `degraded`. */
  readonly storeReady: () => boolean
  readonly trustProxy: TrustProxy
  readonly log: (message: string) => void
  /** Where refused credentials are counted: a summary line per interval, never a line per request. */
  readonly refusals: RefusalLog
  /** This server's name among replicas behind a balancer: every answer carries it in `X-Authlab-Replica`. */
  readonly replicaName?: string
  /**
   * Runs after every revocation write, before the 204 (durable revocation: Redis WAIT for a replica).
   * When it throws, the client gets 503 ERR_REVOCATION_NOT_REPLICATED instead of 204.
   */
  readonly afterRevocation?: () => Promise<void>
  /** Host names, besides loopback, this server answers for (AUTHLAB_PUBLIC_HOST); others get 421. */
  readonly publicHosts?: readonly string[]
  /** Every registered strategy's credential cookie: refused as query parameter names too. */
  readonly credentialCookieNames?: readonly string[]
  /** AUTHLAB_METRICS on: counts every answer (metrics.ts). Off: undefined, and no middleware at all. */
  readonly countRequests?: RequestHandler
}

const principalOf = (res: Response): Principal => res.locals.principal as Principal

/**
 * The contract's routes, once, for every strategy. A strategy only decides how a credential is
 * issued, checked and revoked; it never defines a route.
 */
export function createApp({
  strategy,
  users,
  limiter,
  storeReady,
  trustProxy,
  log,
  refusals,
  replicaName,
  afterRevocation,
  credentialCookieNames = [],
  publicHosts = [],
  countRequests,
}: AppOptions): express.Express {
  const app = express()
  app.disable('x-powered-by')
  // Only the proxies you run (a hop count or their addresses): otherwise a client could pick its own
  // address, and a new one for every guess at the login limiter. config.ts refuses `true`.
  app.set('trust proxy', trustProxy)
  // Installed only when metrics are on: off, a request runs through exactly what it did before.
  // First, so that the answers below (a 421 from the host check too) are all counted.
  if (countRequests) app.use(countRequests)
  // First of all, before any route: a Host that is not ours is a DNS-rebinding page (host-check.ts).
  app.use(createHostCheck(publicHosts))
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff')
    // Behind a balancer, which replica answered: what `authlab revoke --balancer haproxy` sorts by.
    if (replicaName) res.set('X-Authlab-Replica', replicaName)
    next()
  })
  const revoked = async (result: Awaited<ReturnType<AuthStrategy['revoke']>>, res: Response) => {
    if (afterRevocation) {
      try {
        await afterRevocation()
      } catch (error) {
        throw revocationNotReplicated(error)
      }
    }
    res.set('Auth-Revocation', revocationHeader(result)).status(204).end()
  }
  // Before the strategy's middleware: /health must answer even when the session store is down.
  const startedAt = Date.now()
  app.get('/health', (_req, res) => {
    const ok = storeReady()
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      strategy: strategy.name,
      // Public on purpose, and a disclosure: README, "Security" says what it tells an attacker.
      variant: strategy.variant,
      ...(strategy.failOpenCounts && { fail_open: strategy.failOpenCounts() }),
    })
  })
  // The demo front end (GET / and its script): static, so before the strategy's middleware, which
  // would otherwise load a session from the store for a file that needs none.
  app.use(createDemoPage())
  // Credentials, and what they unlock, must never be cached by a browser or a proxy (errors from the
  // body parser included): a shared cache could hand one user's /api/me to the next, and a browser's
  // back button could show it after logout. A cookie is sent without the page asking, so this
  // matters most for cookie sessions; it is set for every strategy alike.
  app.use(['/auth', '/api'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })
  // inflate: false: a login body is a few dozen bytes, so a compressed one is refused (415) instead of
  // fed to zlib, whose errors on a corrupt body surfaced as unexpected 500s (and a zip bomb is moot).
  app.use(express.json({ limit: '10kb', inflate: false }))
  for (const handler of strategy.middleware?.() ?? []) app.use(handler)

  // Failed and refused logins are answered here and counted by code (one summary line a minute,
  // and the totals in /api/admin/stats), never logged one by one: a guessing run or a login flood
  // would write a line per request, which costs it nothing and us the log. The summary still shows
  // that it happened, and how much. (A busy 503 is the client's load, not our fault: no error line.)
  const refuseLogin = (res: Response, error: AuthError) => {
    refusals.count(error.code)
    sendProblem(res, error)
  }
  app.post('/auth/login', async (req, res) => {
    const { username, password } = parseLoginBody(req.body)
    const attempt = { id: randomUUID(), client: limiterClientKey(req.ip, req.socket.remoteAddress), username }
    // Checked and recorded as in flight before the hash, so that concurrent guesses cannot all slip
    // under the limit; counted as a failure only once the hash says so (login-limiter.ts).
    const decision = await limiter.begin(attempt)
    if (decision.verdict === 'locked') return refuseLogin(res, tooManyLogins(decision.retryAfterSeconds))
    if (decision.verdict === 'busy') return refuseLogin(res, loginsInFlight())
    let user
    try {
      user = await users.verifyPassword(username, password)
    } catch (error) {
      // The hash queue was full: no password was checked, so no guess is counted.
      await limiter.end(attempt, 'unchecked').catch(() => {})
      if (error instanceof AuthError && error.code === 'ERR_LOGIN_BUSY') return refuseLogin(res, error)
      throw error
    }
    await limiter.end(attempt, user ? 'succeeded' : 'failed')
    if (!user) return refuseLogin(res, wrongLogin())
    res.json(await strategy.issue(user, req, res))
  })

  app.post('/auth/refresh', async (req, res) => {
    if (!strategy.refresh) throw notFound()
    res.json(await strategy.refresh(req))
  })

  const queryNames = queryCredentialNames(credentialCookieNames)
  const authenticated = async (req: Request, res: Response, next: NextFunction) => {
    try {
      refuseAmbiguousCredentials(req, queryNames)
      res.locals.principal = await strategy.authenticate(req)
    } catch (error) {
      // A store failure (5xx) goes to the error handler, which logs it. A refusal is answered here
      // and now: once the answer is known, nothing else should run (Express's error chain walks
      // every remaining route first), and it is counted, not logged line by line.
      if (!(error instanceof AuthError) || error.status >= 500) throw error
      // RFC 9110 §11.6.1: every 401 names the scheme; RFC 6750 §3.1 adds why a token was refused.
      if (error.status === 401 && !res.hasHeader('WWW-Authenticate')) {
        res.setHeader(
          'WWW-Authenticate',
          error.code === 'ERR_AUTH_MISSING' ? strategy.challenge : `${strategy.challenge}, error="invalid_token"`,
        )
      }
      refusals.count(error.code)
      return sendProblem(res, error)
    }
    next()
  }
  // A state-changing route on a cookie session must first prove it is not a cross-site request.
  const sameSiteOnly = (req: Request, _res: Response, next: NextFunction) => {
    strategy.guardStateChange?.(req)
    next()
  }
  const requireRole = (role: string) => (_req: Request, res: Response, next: NextFunction) => {
    if (!principalOf(res).roles.includes(role)) throw forbidden(`This route needs the "${role}" role.`)
    next()
  }

  app.get('/api/me', authenticated, (_req, res) => {
    const { sub, roles } = principalOf(res)
    res.json({ sub, roles })
  })
  app.get('/api/items', authenticated, (_req, res) => {
    res.json({ items: DEMO_ITEMS })
  })
  // What a soak test watches from outside: memory, and how late the event loop runs its timers.
  // Sampling the delay wakes the process every 10 ms, busy or idle: in a lab run, 100 wakeups a
  // second in each of up to 15 idle servers, CPU taken from the one being measured. So it starts
  // with the first stats request (a soak asks from its first second), and a server nobody watches
  // never pays for it.
  let loopDelay: IntervalHistogram | undefined
  app.get('/api/admin/stats', authenticated, requireRole('admin'), (_req, res) => {
    if (!loopDelay) {
      loopDelay = monitorEventLoopDelay({ resolution: 10 })
      loopDelay.enable()
    }
    // A server started with --expose-gc (the attack runner's flood check starts one so) collects
    // first: the heap it reports is then what it keeps, not garbage a collection has yet to free.
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    const { rss, heapUsed } = process.memoryUsage()
    res.json({
      strategy: strategy.name,
      users: users.size,
      uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
      rss_bytes: rss,
      heap_used_bytes: heapUsed,
      heap_after_gc: gc !== undefined,
      event_loop_delay_p99_ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
      refused: refusals.totals(),
      ...(strategy.failOpenCounts && { fail_open: strategy.failOpenCounts() }),
    })
  })

  app.post('/auth/logout', authenticated, sameSiteOnly, async (req, res) => {
    await revoked(await strategy.revoke(req, principalOf(res), { kind: 'this' }), res)
  })
  app.post('/auth/revoke-all', authenticated, sameSiteOnly, async (req, res) => {
    const caller = principalOf(res)
    // A body that was sent but not read as JSON is refused (415), never taken for "no body", which
    // means "log out the caller": an admin naming alice would log themselves out and be told 204.
    refuseUnreadBody(req)
    const username = parseRevokeAllBody(req.body, caller.sub)
    if (username !== caller.sub && !caller.roles.includes('admin')) {
      throw forbidden('Only an admin may log out another user.')
    }
    // A typo must not answer 204 as if that user were logged out everywhere. Checked after the role
    // check, so that only an admin learns which usernames exist. (The caller is whoever the
    // credential says, the none baseline's fixed user included.)
    if (username !== caller.sub && !users.find(username)) throw unknownUser()
    await revoked(await strategy.revoke(req, caller, { kind: 'all', username }), res)
  })

  app.use(() => {
    throw notFound()
  })
  app.use(createErrorHandler(log))
  return app
}
