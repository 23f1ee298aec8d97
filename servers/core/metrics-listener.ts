import { createHash, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'
import express from 'express'
import type { Registry } from 'prom-client'
import type { MetricsConfig } from './config.js'
import { AuthError, createErrorHandler, notFound, sendProblem } from './errors.js'
import { createHostCheck } from './host-check.js'
import type { TrustProxy } from './trust-proxy.js'

/**
 * The metrics app, for a listener of its own (lab-server.ts starts it): never a route of the API's
 * app, so no path on the API's port (/metrics, /api/metrics, ...) reaches it, and the API's
 * credentials mean nothing here. It answers GET /metrics and nothing else.
 *
 * Who may read: with a token configured, only a request that brings it, wherever it comes from.
 * Without one (loopback mode), only a client on this machine, judged as the login limiter judges
 * clients (AUTHLAB_TRUST_PROXY): a reverse proxy on the same host forwarding a stranger's request
 * arrives from 127.0.0.1, and its X-Forwarded-For says who is really asking.
 */
export function createMetricsApp(
  registry: Registry,
  options: {
    readonly metrics: MetricsConfig
    readonly trustProxy: TrustProxy
    readonly publicHosts: readonly string[]
  },
): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy)
  // DNS rebinding (host-check.ts): a web page must not read even counters from a loopback port.
  app.use(createHostCheck(options.publicHosts))
  const tokenMatches = options.metrics.token === undefined ? undefined : tokenCheck(options.metrics.token)
  app.get('/metrics', async (req, res) => {
    res.set('Cache-Control', 'no-store')
    if (tokenMatches) {
      if (!tokenMatches(req.headers.authorization)) {
        res.set('WWW-Authenticate', 'Bearer realm="authlab-metrics"')
        return sendProblem(res, metricsRefused(401, 'Send the metrics token: Authorization: Bearer <token>.'))
      }
    } else if (!isLoopbackAddress(req.ip)) {
      return sendProblem(res, metricsRefused(403, 'The metrics are served to this machine only.'))
    }
    res.type(registry.contentType).send(await registry.metrics())
  })
  app.use(() => {
    throw notFound()
  })
  app.use(createErrorHandler(() => {}))
  return app
}

const metricsRefused = (status: 401 | 403, detail: string) =>
  new AuthError('ERR_METRICS_REFUSED', status, 'Metrics refused', { detail })

/**
 * Constant time: both sides are hashed first, so the comparison takes as long whatever the length or
 * the first wrong byte of a guess (timingSafeEqual alone throws on unequal lengths, which leaks them).
 */
function tokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest()
  return (authorization) => {
    const match = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization ?? '')
    const presented = createHash('sha256')
      .update(match?.[1] ?? '')
      .digest()
    return timingSafeEqual(presented, expected) && match !== null
  }
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped form: the addresses only this machine sends from. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address
  if (isIP(plain) === 4) return plain.startsWith('127.')
  return plain === '::1'
}
