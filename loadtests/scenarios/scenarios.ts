import { ALICE } from '../../servers/core/demo-data.js'

/**
 * What the load tests send, as data. An experiment picks a scenario by name and never hard-codes a
 * route, so adding a scenario is adding an entry here.
 */
export interface Scenario {
  readonly name: string
  readonly description: string
  readonly method: 'GET' | 'POST'
  readonly path: string
  /** JSON body, sent with Content-Type: application/json. */
  readonly body?: unknown
  /** Whether each request presents the credential a login handed out. */
  readonly authenticated: boolean
  /** Connections autocannon keeps open for this scenario (the sweep overrides it). */
  readonly connections: number
}

export const SCENARIOS = {
  'hot-read': {
    name: 'hot-read',
    description: 'GET /api/me: the cheapest protected call, so auth is the largest share of the work',
    method: 'GET',
    path: '/api/me',
    authenticated: true,
    connections: 32,
  },
  'realistic-read': {
    name: 'realistic-read',
    description: 'GET /api/items: a protected read that returns about 20 records',
    method: 'GET',
    path: '/api/items',
    authenticated: true,
    connections: 32,
  },
  'login-storm': {
    name: 'login-storm',
    // Correct passwords only: the login limiter counts failures, so the storm is never throttled.
    description: 'POST /auth/login with the right password: the memory-hard password hash dominates',
    method: 'POST',
    path: '/auth/login',
    body: ALICE,
    authenticated: false,
    // One login per core keeps every core hashing; more would only queue (and wait past the burst).
    connections: 2,
  },
} as const satisfies Record<string, Scenario>

/** The connection counts of the concurrency sweep, run on the hot read. */
export const SWEEP_CONNECTIONS = [1, 8, 32, 128, 256] as const
