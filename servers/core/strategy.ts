import type { Request, RequestHandler, Response } from 'express'
import type { LabConfig } from './config.js'
import type { RedisHandle } from './redis.js'
import type { User, UserStore } from './users.js'

/** A key of the registry (servers/registry.ts), the one place that lists the strategies. */
export type StrategyName = string

/** Shown in /health and copied into every result, so a number always says what produced it. */
export type Variant = Readonly<Record<string, string | number | boolean>>

/** Who made the request, as far as the strategy could tell. */
export interface Principal {
  readonly sub: string
  readonly roles: readonly string[]
  /** The credential that proved it: what logout revokes. */
  readonly credential?: {
    /** jti, session id or key hash. */
    readonly id: string
    /** Seconds since the epoch. */
    readonly issuedAt?: number
    readonly expiresAt?: number
    /** Refresh mode: the refresh-token family this access token belongs to. */
    readonly familyId?: string
  }
}

/** The JSON body of a successful login (and of a refresh). */
export interface LoginResponse {
  readonly token_type: 'Bearer' | 'ApiKey' | 'Cookie' | 'None'
  readonly expires_in: number
  readonly access_token?: string
  readonly refresh_token?: string
  readonly api_key?: string
  readonly csrf_token?: string
}

export type RevokeScope = { readonly kind: 'this' } | { readonly kind: 'all'; readonly username: string }

/**
 * How far a revoke reached, sent to the client as the `Auth-Revocation` header:
 * - `immediate`: the next request with the credential is refused;
 * - `deferred`: it keeps working for up to `withinSeconds` (a cache TTL, or an access token's life
 *   in refresh mode);
 * - `none`: nothing was revoked; the credential works until it expires. The lab exists to show this.
 */
export type RevocationResult =
  | { readonly effect: 'immediate' }
  | { readonly effect: 'deferred'; readonly withinSeconds: number }
  | { readonly effect: 'none' }

/** What every strategy is given. Strategies never read env or create their own Redis client. */
export interface StrategyDeps {
  readonly config: LabConfig
  readonly users: UserStore
  /** Present when the strategy's variant needs Redis (see `needsRedis` in the registry). */
  readonly redis: RedisHandle | undefined
  readonly log: (message: string) => void
  /**
   * Defences a test removes on purpose, to prove that its check notices (loadtests/browser/).
   * Never read from env, config or the CLI: only code that builds a server in-process can ask.
   */
  readonly weakened?: Weakenings
}

export interface Weakenings {
  /** The session cookie without HttpOnly: page scripts (and XSS) can read the id. */
  readonly cookieReadableByScripts?: boolean
}

export interface AuthStrategy {
  readonly name: StrategyName
  readonly variant: Variant
  /** The `WWW-Authenticate` value sent with a 401 for a missing credential. */
  readonly challenge: string
  /** Middleware the strategy needs before the routes (express-session's own, for instance). */
  middleware?(): RequestHandler[]
  /** Called after the password checked out: hand the user a credential. */
  issue(user: User, req: Request, res: Response): Promise<LoginResponse>
  /** Prove who sent the request, or throw an AuthError. */
  authenticate(req: Request): Promise<Principal>
  /**
   * Runs before logout and revoke-all, before their body is read. Cookie sessions refuse cross-site
   * requests here (CSRF); credentials a browser does not attach by itself need no such check.
   */
  guardStateChange?(req: Request): void
  revoke(req: Request, principal: Principal, scope: RevokeScope): Promise<RevocationResult>
  /**
   * Only with `--store-failure open` (INSECURE): how many outages let tokens in unchecked, and how
   * many requests, since start. /health shows them as `fail_open`.
   */
  failOpenCounts?(): { readonly outages: number; readonly accepted_unchecked: number }
  /** Only token strategies in refresh mode: trade a refresh token for a new pair. */
  refresh?(req: Request): Promise<LoginResponse>
  close(): Promise<void>
}

/** The variant options a user can set on the command line; each strategy takes the ones it knows. */
export interface VariantOptions {
  readonly alg?: string
  /** jwt, HS256: how the secret reaches jsonwebtoken. `string` is the anti-pattern, kept to measure it. */
  readonly keyFormat?: string
  readonly revocation?: string
  readonly store?: string
  /** In-process cache in front of Redis, in milliseconds (session, apikey, token denylist). */
  readonly cacheTtl?: number
  /** How a revoke reaches the caches of other replicas: `none` or `pubsub`. */
  readonly invalidation?: string
  /**
   * Token denylist only: what a read does while the store is down. `closed` (the default) refuses
   * with 503; `open` serves without the denylist: INSECURE, revoked tokens get in. Here to be measured.
   */
  readonly storeFailure?: string
}

export function revocationHeader(result: RevocationResult): string {
  return result.effect === 'deferred' ? `deferred; within=${result.withinSeconds}` : result.effect
}
