import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from './core/app.js'
import type { LabConfig } from './core/config.js'
import { createMemoryLoginLimiter, createRedisLoginLimiter } from './core/login-limiter.js'
import { refuseExposedDemoUsers } from './core/demo-user-guard.js'
import { badRequest, loginBusy, sendProblem } from './core/errors.js'
import { createRedisHandle, type RedisHandle } from './core/redis.js'
import { createSentinelHandle } from './core/redis-sentinel.js'
import type { AuthStrategy, StrategyName, VariantOptions, Weakenings } from './core/strategy.js'
import { createRefusalLog } from './core/refusal-log.js'
import { createLabMetrics, type LabMetrics } from './core/metrics.js'
import { createMetricsApp } from './core/metrics-listener.js'
import { createUserStore, type UserStore } from './core/users.js'
import { createWorkGate } from './core/work-gate.js'
import { listenError } from './port-check.js'
import { checkVariantOptions, credentialCookieNames, strategyEntry } from './registry.js'

export interface LabServerOptions {
  readonly strategy: StrategyName
  readonly options?: VariantOptions
  readonly config: LabConfig
  readonly log?: (message: string) => void
  /** Test-only: defences removed on purpose (see StrategyDeps.weakened). */
  readonly weakened?: Weakenings
}

export interface LabServer {
  readonly strategy: AuthStrategy
  readonly app: ReturnType<typeof createApp>
  /** Starts listening; resolves with the base URL (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<string>
  /** The metrics listener's URL (`.../metrics`) once listening, when AUTHLAB_METRICS is on. */
  readonly metricsUrl: string | undefined
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the stores. */
  close(graceMs?: number): Promise<void>
}

/** One Redis at REDIS_URL, or the primary that REDIS_SENTINELS name (config.ts decides which). */
function connectStore(config: LabConfig, log: (message: string) => void, metrics?: LabMetrics): RedisHandle {
  return config.redisSentinel
    ? createSentinelHandle(config.redisSentinel, config.storeTimeoutMs, log, metrics?.store)
    : createRedisHandle(config.redisUrl, config.storeTimeoutMs, log, metrics?.store)
}

/** The server factory: one strategy, its stores, the app. Used by the CLI and by the tests alike. */
export async function createLabServer({
  strategy: name,
  options = {},
  config,
  log = console.log,
  weakened,
}: LabServerOptions): Promise<LabServer> {
  const entry = strategyEntry(name)
  // Cheap checks first: a start that cannot succeed says so before connecting to Redis.
  checkVariantOptions(name, options)
  // Off by default; built at all only when asked for (metrics.ts): nothing of it on the request path otherwise.
  const metrics = config.metrics ? createLabMetrics(name) : undefined
  const redis = entry.needsRedis(options) ? connectStore(config, log, metrics) : undefined
  /** Closed again if a later step fails. */
  let created: AuthStrategy | undefined
  try {
    // The strategy checks its secrets and options as it is built, and reads users only per request:
    // so it is built before the demo passwords are hashed, which takes seconds at the real cost.
    const seeded = laterUserStore()
    const strategy = await entry.create(options, {
      config,
      users: seeded.users,
      redis,
      log,
      ...(weakened && { weakened }),
    })
    created = strategy
    // Fail-open is never silent: its totals in the metrics too, besides the log and /health.
    const failOpenCounts = strategy.failOpenCounts?.bind(strategy)
    if (metrics && failOpenCounts) metrics.countFailOpen(failOpenCounts)
    const hashGate = createWorkGate({ concurrency: config.hashConcurrency, queue: config.hashQueue, refuse: loginBusy })
    const users = await createUserStore(config.users, config.scryptLogN, hashGate)
    seeded.fill(users)
    const limits = {
      maxFailures: config.loginMaxFailures,
      maxFailuresPerAccount: config.loginMaxFailuresPerAccount,
      windowSeconds: config.loginWindowSeconds,
    }
    const limiter = redis ? createRedisLoginLimiter(redis, config.keyPrefix, limits) : createMemoryLoginLimiter(limits)
    const refusalLog = createRefusalLog(log)
    const refusals = metrics ? metrics.countRefusals(refusalLog) : refusalLog
    const app = createApp({
      strategy,
      users,
      limiter,
      storeReady: () => redis?.isReady() ?? true,
      trustProxy: config.trustProxy,
      log,
      credentialCookieNames: credentialCookieNames(),
      publicHosts: config.publicHosts,
      refusals,
      ...(config.replicaName && { replicaName: config.replicaName }),
      ...(metrics && { countRequests: metrics.requests }),
      // Durable revocation: WAIT until a replica has the revocation, or answer 503 (fail closed).
      ...(config.durableRevocation && redis && { afterRevocation: () => redis.waitForReplica() }),
    })
    let server: Server | undefined
    let metricsServer: Server | undefined
    let metricsUrl: string | undefined
    // Express's app is also `(req, res, done)`, where `done` gets what its router passes on; its
    // types only show the two-argument form.
    const handle = app as unknown as (req: IncomingMessage, res: ServerResponse, done: () => void) => void

    return {
      strategy,
      app,
      get metricsUrl() {
        return metricsUrl
      },
      async listen(port = config.port, host = config.host) {
        refuseExposedDemoUsers(config, host)
        const starting = createServer(
          {
            // The whole request (headers and body) within this, or 408 and the connection is closed;
            // checked every second rather than Node's default 30 s.
            requestTimeout: config.requestTimeoutMs,
            headersTimeout: config.requestTimeoutMs,
            connectionsCheckingInterval: 1000,
          },
          // Express hands a request its router cannot place (a target like `http://[::1/api/me`,
          // which no URL parser accepts) to its own final handler, which answers with an HTML page.
          // Every answer of the contract is problem+json, so that one is ours too.
          (req, res) => handle(req, res, () => sendProblem(res, badRequest('The request target is not a valid URL.'))),
        )
        starting.listen(port, host)
        try {
          await once(starting, 'listening')
        } catch (error) {
          throw listenError(error, port, host)
        }
        server = starting
        const address = server.address() as AddressInfo
        if (metrics && config.metrics) {
          // A listener of its own, never the API's: loopback unless a token guards it (config.ts).
          const metricsHost = config.metrics.mode === 'loopback' ? '127.0.0.1' : host
          const app = createMetricsApp(metrics.registry, { ...config, metrics: config.metrics })
          const listening = createServer(app).listen(config.metrics.port, metricsHost)
          try {
            await once(listening, 'listening')
          } catch (error) {
            throw listenError(error, config.metrics.port, metricsHost)
          }
          metricsServer = listening
          const { port: metricsPort } = listening.address() as AddressInfo
          metricsUrl = `${urlOf(metricsHost, metricsPort)}/metrics`
        }
        return urlOf(host, address.port)
      },
      async close(graceMs = 10_000) {
        if (metricsServer) {
          const closing = metricsServer
          await new Promise<void>((resolve) => closing.close(() => resolve()))
          closing.closeAllConnections()
        }
        if (server) {
          const closed = new Promise<void>((resolve) => server?.close(() => resolve()))
          server.closeIdleConnections()
          const timer = setTimeout(() => server?.closeAllConnections(), graceMs)
          await closed
          clearTimeout(timer)
        }
        refusalLog.close()
        await strategy.close()
        await redis?.close()
      },
    }
  } catch (error) {
    await created?.close()
    await redis?.close()
    throw error
  }
}

const urlOf = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`

/**
 * A user store that the server fills once the seed is hashed. Nothing reads it before then: the
 * server does not listen until createLabServer has resolved.
 */
function laterUserStore(): { users: UserStore; fill(store: UserStore): void } {
  let store: UserStore | undefined
  const ready = () => {
    if (!store) throw new Error('the user store was read before its passwords were hashed')
    return store
  }
  return {
    users: {
      verifyPassword: (username, password) => ready().verifyPassword(username, password),
      find: (username) => ready().find(username),
      remove: (username) => ready().remove(username),
      get size() {
        return ready().size
      },
    },
    fill: (filled) => void (store = filled),
  }
}
