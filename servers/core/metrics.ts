import type { RequestHandler } from 'express'
import { collectDefaultMetrics, Counter, Registry } from 'prom-client'
import type { RefusalLog } from './refusal-log.js'
import type { StoreObserver } from './store-guard.js'
import type { AuthStrategy } from './strategy.js'

/** What a fail-open server has let in (`fail_open` in /health). */
type FailOpenCounts = ReturnType<NonNullable<AuthStrategy['failOpenCounts']>>

/**
 * Prometheus metrics (prom-client), built only when AUTHLAB_METRICS is on: with it off, nothing here
 * runs and no middleware is installed, so the request path costs exactly what it did.
 *
 * Every label comes from a fixed set the code defines, never from a request: the route's template
 * (`/api/me`, not the path a client typed), the status, the strategy, an error code, a Redis command
 * name. A label taken from a request would put usernames, keys or session ids into the exposition,
 * and a client could mint one time series per request until the server runs out of memory.
 */
export interface LabMetrics {
  readonly registry: Registry
  /** Counts each answered request by route template and status, and accepted credentials. */
  readonly requests: RequestHandler
  /** The refusal log, also counting each refusal by strategy and code. */
  countRefusals(refusals: RefusalLog): RefusalLog
  /** Store calls by command and outcome (the store guard tells it of each). */
  readonly store: StoreObserver
  /** With `--store-failure open` (INSECURE): the strategy's fail-open totals, read at each scrape. */
  countFailOpen(counts: () => FailOpenCounts): void
}

/** A request no route took (404s, the demo page's static files' misses): one label for all of them. */
export const UNMATCHED_ROUTE = 'unmatched'

export function createLabMetrics(strategy: string): LabMetrics {
  const registry = new Registry()
  // Process CPU (process_cpu_seconds_total), event-loop lag (nodejs_eventloop_lag_*), heap and GC.
  collectDefaultMetrics({ register: registry })
  registry.setDefaultLabels({ strategy })
  const requests = new Counter({
    name: 'authlab_http_requests_total',
    help: 'Answered requests, by route template and status.',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  })
  const auth = new Counter({
    name: 'authlab_auth_outcomes_total',
    help: 'Authentication outcomes: accepted (a credential, a login) or refused, by reason code.',
    labelNames: ['outcome', 'reason'],
    registers: [registry],
  })
  const storeCommands = new Counter({
    name: 'authlab_store_commands_total',
    help: 'Redis calls made for requests (the watchdog ping excluded), by command.',
    labelNames: ['command'],
    registers: [registry],
  })
  const storeErrors = new Counter({
    name: 'authlab_store_errors_total',
    help: 'Redis calls that failed: error, timeout, or refused at once while the store is not answering.',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  })

  return {
    registry,
    requests: (req, res, next) => {
      res.once('finish', () => {
        // The template Express matched (req.route.path), so /api/items?x=<anything> is one series.
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : UNMATCHED_ROUTE
        requests.inc({
          route,
          method: req.method === 'GET' || req.method === 'POST' ? req.method : 'other',
          status: res.statusCode,
        })
        if (res.locals.principal !== undefined) auth.inc({ outcome: 'accepted', reason: 'credential' })
        else if (route === '/auth/login' && res.statusCode === 200) auth.inc({ outcome: 'accepted', reason: 'login' })
      })
      next()
    },
    countRefusals: (refusals) => ({
      ...refusals,
      count(code) {
        refusals.count(code)
        auth.inc({ outcome: 'refused', reason: code })
      },
    }),
    store: (command, outcome) => {
      storeCommands.inc({ command })
      if (outcome !== 'ok') storeErrors.inc({ command, outcome })
    },
    countFailOpen(counts) {
      // The strategy keeps the totals (fail-open-log.ts): each scrape brings a counter up to its own.
      const mirror = (name: string, help: string, read: (totals: FailOpenCounts) => number) => {
        let seen = 0
        new Counter({
          name,
          help,
          registers: [registry],
          collect() {
            const total = read(counts())
            this.inc(total - seen)
            seen = total
          },
        })
      }
      mirror(
        'authlab_fail_open_outages_total',
        'INSECURE --store-failure open: store outages during which tokens were accepted without the denylist.',
        (totals) => totals.outages,
      )
      mirror(
        'authlab_fail_open_accepted_unchecked_total',
        'INSECURE --store-failure open: requests accepted without asking the denylist, revoked tokens included.',
        (totals) => totals.accepted_unchecked,
      )
    },
  }
}
