/**
 * Configuration: the only module that reads environment variables. Everything is read and checked
 * once, at start-up; a bad value is a TypeError that says what to set, never a surprise later.
 * Secrets are never defaulted to a constant: when the env does not give one, the strategy generates
 * a fresh one per run (so nothing a reader copies from this repo is a working secret).
 */
import { DEMO_USERS } from './demo-data.js'

export interface SeedUser {
  readonly username: string
  readonly password: string
  readonly roles: readonly string[]
}

export interface LabConfig {
  readonly host: string
  readonly port: number
  readonly redisUrl: string
  /** Prefix of every Redis key this server writes, so several labs can share one Redis. */
  readonly keyPrefix: string
  readonly issuer: string
  readonly audience: string
  /** One tolerance for exp / nbf / iat, tested on both sides (the clock attacks in loadtests/attacks/). */
  readonly clockToleranceSeconds: number
  readonly users: readonly SeedUser[]
  /** scrypt cost as log2(N); 17 is the OWASP recommendation (N = 131072, r = 8, p = 1). */
  readonly scryptLogN: number
  readonly loginMaxFailures: number
  readonly loginWindowSeconds: number
  /** Lifetime of a login credential; undefined lets each strategy pick its own default. */
  readonly credentialTtlSeconds: number | undefined
  readonly refreshTtlSeconds: number
  /** Milliseconds a Redis command may take before the request fails closed with 503. */
  readonly storeTimeoutMs: number
  readonly secureCookies: boolean
  readonly trustProxy: boolean
  readonly secrets: {
    readonly jwtSecret: string | undefined
    readonly jwtPrivateKey: string | undefined
    readonly pasetoSecretKey: string | undefined
    readonly sessionSecrets: readonly string[] | undefined
  }
}

type Env = Readonly<Record<string, string | undefined>>

export const DEFAULT_USERS: readonly SeedUser[] = DEMO_USERS

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
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

export function loadConfig(env: Env = process.env): LabConfig {
  const ttl = env.AUTHLAB_TOKEN_TTL
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    keyPrefix: env.AUTHLAB_KEY_PREFIX || 'authlab:',
    issuer: env.AUTHLAB_ISSUER || 'authlab',
    audience: env.AUTHLAB_AUDIENCE || 'authlab-api',
    clockToleranceSeconds: integer(env, 'AUTHLAB_CLOCK_TOLERANCE', 30, 0, 300),
    users: env.AUTHLAB_USERS ? parseUsers(env.AUTHLAB_USERS) : DEFAULT_USERS,
    scryptLogN: integer(env, 'AUTHLAB_SCRYPT_LOG_N', 17, 10, 20),
    loginMaxFailures: integer(env, 'AUTHLAB_LOGIN_MAX_FAILURES', 10, 1, 1_000_000),
    loginWindowSeconds: integer(env, 'AUTHLAB_LOGIN_WINDOW', 300, 1, 86_400),
    credentialTtlSeconds: ttl ? integer(env, 'AUTHLAB_TOKEN_TTL', 0, 1, 30 * 86_400) : undefined,
    refreshTtlSeconds: integer(env, 'AUTHLAB_REFRESH_TTL', 86_400, 1, 90 * 86_400),
    storeTimeoutMs: integer(env, 'AUTHLAB_STORE_TIMEOUT_MS', 1000, 10, 60_000),
    secureCookies: flag(env, 'AUTHLAB_SECURE_COOKIES'),
    trustProxy: flag(env, 'AUTHLAB_TRUST_PROXY'),
    secrets: {
      jwtSecret: env.JWT_SECRET || undefined,
      jwtPrivateKey: env.JWT_PRIVATE_KEY || undefined,
      pasetoSecretKey: env.PASETO_SECRET_KEY || undefined,
      sessionSecrets: env.SESSION_SECRETS ? env.SESSION_SECRETS.split(',').filter(Boolean) : undefined,
    },
  }
}
