import { parseTrustProxy, type TrustProxy } from './trust-proxy.js'

/**
 * Configuration: the only module that reads environment variables (the secrets' names are in
 * secret-env.ts, which reads them for it). Everything is read and checked
 * once, at start-up; a bad value is a TypeError that says what to set, never a surprise later.
 * Secrets are never defaulted to a constant: when the env does not give one, the strategy generates
 * a fresh one per run (so nothing a reader copies from this repo is a working secret).
 */
import { DEMO_USERS, type SeedUser } from './demo-data.js'
import { readSecrets, type LabSecrets } from './secret-env.js'

export type { SeedUser } from './demo-data.js'

export interface LabConfig {
  readonly host: string
  readonly port: number
  readonly redisUrl: string
  /**
   * REDIS_SENTINELS=host:port,... with REDIS_SENTINEL_NAME: the store is the primary those sentinels
   * name (node-redis's Sentinel client), and REDIS_URL is ignored. Undefined: one Redis at REDIS_URL.
   */
  readonly redisSentinel: { readonly name: string; readonly nodes: readonly SentinelNode[] } | undefined
  /**
   * AUTHLAB_DURABLE_REVOCATION=true: every revocation waits (Redis WAIT) until a replica has it, and
   * fails closed (503) when none acknowledges in time, so a failover cannot bring a revoked credential back.
   */
  readonly durableRevocation: boolean
  /** AUTHLAB_REPLICA: this server's name among replicas behind a balancer, sent as `X-Authlab-Replica`. */
  readonly replicaName: string | undefined
  /** Prefix of every Redis key this server writes, so several labs can share one Redis. */
  readonly keyPrefix: string
  readonly issuer: string
  readonly audience: string
  /** One tolerance for exp / nbf / iat, tested on both sides (the clock attacks in loadtests/attacks/). */
  readonly clockToleranceSeconds: number
  readonly users: readonly SeedUser[]
  /**
   * AUTHLAB_PUBLIC_HOST=api.example.com,jwt: the names, besides loopback, that requests may carry in
   * their Host header (any port); every other Host gets 421 (DNS rebinding, servers/core/host-check.ts).
   */
  readonly publicHosts: readonly string[]
  /** AUTHLAB_DEMO_USERS=true: the built-in demo users may be offered beyond loopback. */
  readonly demoUsersAnywhere: boolean
  /** scrypt cost as log2(N); 17 is the OWASP recommendation (N = 131072, r = 8, p = 1). */
  readonly scryptLogN: number
  /** Failed logins per client (address) in a window before 429. */
  readonly loginMaxFailures: number
  /** Failed logins per account, from any number of clients, in a window before 429. */
  readonly loginMaxFailuresPerAccount: number
  readonly loginWindowSeconds: number
  /** Password hashes computed at once, and how many more may wait before logins get 503. */
  readonly hashConcurrency: number
  readonly hashQueue: number
  /** Lifetime of a login credential; undefined lets each strategy pick its own default. */
  readonly credentialTtlSeconds: number | undefined
  readonly refreshTtlSeconds: number
  /** Milliseconds a Redis command may take before the request fails closed with 503. */
  readonly storeTimeoutMs: number
  /**
   * Milliseconds a client may take to send a whole request (headers and body). Node's default is
   * 300 s: a client that sends half a body would hold the connection, and its memory, that long.
   */
  readonly requestTimeoutMs: number
  readonly secureCookies: boolean
  readonly trustProxy: TrustProxy
  /** AUTHLAB_METRICS: Prometheus metrics on a listener of their own, or undefined (off, the default). */
  readonly metrics: MetricsConfig | undefined
  readonly secrets: LabSecrets
}

/**
 * Where the metrics are served: never on the API's port, always on a listener of their own.
 * - `loopback`: 127.0.0.1 only, and a read whose client (under AUTHLAB_TRUST_PROXY) is not loopback
 *   is refused unless it brings the token; a local reverse proxy must not turn it public.
 * - `token`: on the server's HOST, every read needs `Authorization: Bearer <AUTHLAB_METRICS_TOKEN>`.
 */
export interface MetricsConfig {
  readonly mode: 'loopback' | 'token'
  readonly port: number
  /** A secret of its own (not an API credential), ≥ 32 characters; required in `token` mode. */
  readonly token: string | undefined
}

/** 9464: the port OpenTelemetry's Prometheus exporter uses, a convention scrapers expect. */
export const DEFAULT_METRICS_PORT = 9464
const MIN_METRICS_TOKEN_LENGTH = 32

export function parseMetrics(env: Env): MetricsConfig | undefined {
  const mode = (env.AUTHLAB_METRICS ?? '').trim().toLowerCase()
  const token = env.AUTHLAB_METRICS_TOKEN || undefined
  if (mode === '' || mode === 'off' || mode === 'false' || mode === '0') {
    if (token) throw new TypeError('AUTHLAB_METRICS_TOKEN is set but AUTHLAB_METRICS is off: set AUTHLAB_METRICS=token')
    return undefined
  }
  if (mode !== 'loopback' && mode !== 'token') {
    throw new TypeError(`AUTHLAB_METRICS must be off, loopback or token, got "${env.AUTHLAB_METRICS}"`)
  }
  // A short token can be guessed; the check is in constant time, but that does not help a weak secret.
  if (token !== undefined && token.length < MIN_METRICS_TOKEN_LENGTH) {
    throw new TypeError(`AUTHLAB_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`)
  }
  if (mode === 'token' && token === undefined) {
    throw new TypeError(
      `AUTHLAB_METRICS=token needs AUTHLAB_METRICS_TOKEN (at least ${MIN_METRICS_TOKEN_LENGTH} random characters)`,
    )
  }
  return { mode, port: integer(env, 'AUTHLAB_METRICS_PORT', DEFAULT_METRICS_PORT, 0, 65535), token }
}

export interface SentinelNode {
  readonly host: string
  readonly port: number
}

type Env = Readonly<Record<string, string | undefined>>

export const DEFAULT_USERS: readonly SeedUser[] = DEMO_USERS

/**
 * Hashes at once: scrypt at log2(N) = 17 takes 128 MiB and a libuv pool thread each. Two leave two
 * of the pool's four threads to everything else that runs there (PASETO's Ed25519, for one), so a
 * login flood cannot starve the read path; the queue is short so that waiting stays short too.
 */
export const DEFAULT_HASH_CONCURRENCY = 2
export const DEFAULT_HASH_QUEUE = 8

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  // Digits only: Number() also reads "1e3", "0x10", " 12 " and "1.0" as whole numbers, so a value
  // the message calls wrong would be taken, and what a reader sees in the env is not what runs.
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase()
  if (raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw new TypeError(`${name} must be true or false, got "${raw}"`)
}

/** AUTHLAB_USERS="alice:wonderland:user;admin:control-room:user,admin" */
export function parseUsers(raw: string): SeedUser[] {
  const users = raw
    .split(';')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const [username, password, roles] = entry.split(':')
      if (!username || !password || !roles || !/^[a-z0-9_.-]{1,64}$/i.test(username)) {
        throw new TypeError(
          `AUTHLAB_USERS entries look like "name:password:role1,role2" separated by ";", got "${entry}"`,
        )
      }
      return { username, password, roles: roles.split(',').filter(Boolean) }
    })
  if (users.length === 0) throw new TypeError('AUTHLAB_USERS must name at least one user')
  return users
}

/** REDIS_SENTINELS="127.0.0.1:26379,127.0.0.1:26380" with REDIS_SENTINEL_NAME="authlab". */
export function parseSentinels(env: Env): LabConfig['redisSentinel'] {
  const raw = env.REDIS_SENTINELS ?? ''
  const name = env.REDIS_SENTINEL_NAME ?? ''
  if (raw === '' && name === '') return undefined
  if (raw === '' || name === '') throw new TypeError('REDIS_SENTINELS and REDIS_SENTINEL_NAME go together: set both')
  const nodes = raw.split(',').map((entry) => {
    const match = /^\s*([^\s:]+|\[[0-9a-f:]+\]):(\d{1,5})\s*$/i.exec(entry)
    const port = Number(match?.[2])
    if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new TypeError(`REDIS_SENTINELS entries look like "host:port" separated by ",", got "${entry}"`)
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port }
  })
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    throw new TypeError(`REDIS_SENTINEL_NAME must be a plain name, got "${name}"`)
  return { name, nodes }
}

/** AUTHLAB_PUBLIC_HOST: comma-separated DNS names or IP addresses (IPv6 in brackets), no port, no scheme. */
export function parsePublicHosts(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return []
  return raw.split(',').map((entry) => {
    const name = entry.trim().toLowerCase()
    if (!/^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(name)) {
      throw new TypeError(
        `AUTHLAB_PUBLIC_HOST entries are host names or addresses without a port or scheme (e.g. "api.example.com,jwt"), got "${entry}"`,
      )
    }
    return name
  })
}

/** A header value: short and plain, so no env value can smuggle anything into a response. */
function replicaName(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(raw))
    throw new TypeError(`AUTHLAB_REPLICA must be a plain name (letters, digits, _.-), got "${raw}"`)
  return raw
}

export function loadConfig(env: Env = process.env): LabConfig {
  const ttl = env.AUTHLAB_TOKEN_TTL
  const loginMaxFailures = integer(env, 'AUTHLAB_LOGIN_MAX_FAILURES', 10, 1, 1_000_000)
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    redisSentinel: parseSentinels(env),
    durableRevocation: flag(env, 'AUTHLAB_DURABLE_REVOCATION'),
    replicaName: replicaName(env.AUTHLAB_REPLICA),
    keyPrefix: env.AUTHLAB_KEY_PREFIX || 'authlab:',
    issuer: env.AUTHLAB_ISSUER || 'authlab',
    audience: env.AUTHLAB_AUDIENCE || 'authlab-api',
    clockToleranceSeconds: integer(env, 'AUTHLAB_CLOCK_TOLERANCE', 30, 0, 300),
    users: env.AUTHLAB_USERS ? parseUsers(env.AUTHLAB_USERS) : DEFAULT_USERS,
    publicHosts: parsePublicHosts(env.AUTHLAB_PUBLIC_HOST),
    demoUsersAnywhere: flag(env, 'AUTHLAB_DEMO_USERS'),
    scryptLogN: integer(env, 'AUTHLAB_SCRYPT_LOG_N', 17, 10, 20),
    loginMaxFailures,
    // Twice the per-client limit: one client alone always meets its own limit first, so the
    // account limit only bites when the failures come from several addresses.
    loginMaxFailuresPerAccount: integer(
      env,
      'AUTHLAB_LOGIN_MAX_FAILURES_PER_ACCOUNT',
      2 * loginMaxFailures,
      1,
      2_000_000,
    ),
    loginWindowSeconds: integer(env, 'AUTHLAB_LOGIN_WINDOW', 300, 1, 86_400),
    hashConcurrency: integer(env, 'AUTHLAB_HASH_CONCURRENCY', DEFAULT_HASH_CONCURRENCY, 1, 64),
    hashQueue: integer(env, 'AUTHLAB_HASH_QUEUE', DEFAULT_HASH_QUEUE, 0, 10_000),
    credentialTtlSeconds: ttl ? integer(env, 'AUTHLAB_TOKEN_TTL', 0, 1, 30 * 86_400) : undefined,
    refreshTtlSeconds: integer(env, 'AUTHLAB_REFRESH_TTL', 86_400, 1, 90 * 86_400),
    storeTimeoutMs: integer(env, 'AUTHLAB_STORE_TIMEOUT_MS', 1000, 10, 60_000),
    requestTimeoutMs: integer(env, 'AUTHLAB_REQUEST_TIMEOUT_MS', 10_000, 100, 300_000),
    secureCookies: flag(env, 'AUTHLAB_SECURE_COOKIES'),
    trustProxy: parseTrustProxy(env.AUTHLAB_TRUST_PROXY),
    metrics: parseMetrics(env),
    secrets: readSecrets(env),
  }
}
