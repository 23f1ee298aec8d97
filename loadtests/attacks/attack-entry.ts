import type { KeyObject } from 'node:crypto'
import type { StrategyName } from '../../servers/core/strategy.js'
import { attackFamiliesOf, authenticates } from '../../servers/registry.js'
import type { VariantSpec } from '../runner/variants.js'
import type { HttpClient, LabResponse } from './http-client.js'
import type { PasetoSigner } from './forge.js'

/** One HTTP request of an attack, as raw as the attacker wants it. */
export interface AttackRequest {
  readonly method: 'GET' | 'POST'
  readonly path: string
  /** A string[] sends the header several times. */
  readonly headers?: Readonly<Record<string, string | string[]>>
  /** An object is sent as JSON; a string or Buffer as is. */
  readonly body?: unknown
  /** Set-up steps only: the status the step must get, or the attack after it proves nothing. */
  readonly expect?: number
}

/** The server's secrets, when the attacker knows them (servers the runner started itself). */
export interface ServerKeys {
  readonly jwtSecret?: Buffer
  readonly jwtPrivateKey?: KeyObject
  readonly jwtPublicKey?: KeyObject
  readonly paseto?: PasetoSigner
  readonly sessionSecret?: string
  /** The secret that tags API keys (the first of APIKEY_SECRETS). */
  readonly apiKeySecret?: string
}

/** Where a server the runner started keeps its state: what the flood check compares. */
export interface StoreView {
  readonly redisUrl: string
  /** The server's AUTHLAB_KEY_PREFIX: every key it writes starts with it. */
  readonly keyPrefix: string
}

/** A legitimate login, as a client would hold it. */
export interface Login {
  readonly response: LabResponse
  /** The headers that present the credential (and the CSRF token, for a cookie session). */
  readonly headers: Readonly<Record<string, string>>
  /** The credential itself: the token, the API key, or the `name=value` pair of a session cookie. */
  readonly secret: string
}

export interface AttackContext {
  readonly url: string
  readonly variant: VariantSpec
  readonly http: HttpClient
  readonly keys: ServerKeys | undefined
  /** Logs alice in afresh (or another demo user), so each attack spends its own credential. */
  login(user?: { username: string; password: string }): Promise<Login>
  /** Whether timing checks run (the CLI's attack run); tests assert behaviour only. */
  readonly timing: boolean
  /** Failed logins the server allows before it answers 429. */
  readonly maxFailures: number
  /** Requests of each refused kind the flood check sends; 0: the flood check is off (opt-in). */
  readonly floodRequests: number
  /** The server's store, when the runner started it (with --target it is not known). */
  readonly store?: StoreView
}

export interface AttackProbe {
  /** Sent first, in order; each must get its `expect` status. */
  readonly setup?: readonly AttackRequest[]
  /** The same request as the attack minus the defect: it must succeed, or the attack proves nothing. */
  readonly control?: AttackRequest
  /** The attack requests: every one must get the entry's expected answer. */
  readonly attacks: readonly AttackRequest[]
  /** A further check on the answers (and the server): returns why the attack got through, if it did. */
  judge?(answers: readonly LabResponse[]): Promise<string | undefined> | string | undefined
  /** What was measured, kept on the verdict even when the attack was blocked. */
  note?(): string | undefined
}

/**
 * A catalogue aimed at one kind of credential (a strategy's name: the registry says which strategies
 * each applies to, StrategyEntry.attacks), those on every strategy that authenticates, or those on
 * the login (every strategy).
 */
export type AttackFamily = StrategyName | 'all' | 'login'

export interface AttackEntry {
  /** Stable, kebab-case: the key in results.json. */
  readonly id: string
  readonly family: AttackFamily
  readonly name: string
  /** One sentence: what the attacker tries. */
  readonly tries: string
  /**
   * A condition on the variant's options (refresh mode only, an asymmetric algorithm), on top of
   * its family's strategies (see applies). None: every variant of them.
   */
  readonly when?: (variant: VariantSpec) => boolean
  readonly expected: { readonly status: number; readonly code?: string }
  /** An RFC section, a CVE or an OWASP cheat sheet. */
  readonly reference: string
  /** The attack needs the server's keys (to sign a token that is valid but for one defect). */
  readonly needsKeys?: boolean
  /** Runs on a server of its own with a small failed-login limit, since it locks the client out. */
  readonly locksOut?: boolean
  /** Runs only when asked for (`--flood`): too long for the default run. */
  readonly optIn?: 'flood'
  build(ctx: AttackContext): Promise<AttackProbe>
}

/** A GET of the cheapest protected route with these headers. */
export const me = (headers: Readonly<Record<string, string | string[]>> = {}): AttackRequest => ({
  method: 'GET',
  path: '/api/me',
  headers,
})
export const bearer = (token: string) => me({ authorization: `Bearer ${token}` })

export const revocation = (variant: VariantSpec) => variant.options.revocation ?? 'none'
export const algorithm = (variant: VariantSpec) => variant.options.alg ?? 'HS256'

/** Whether the attack is run against the variant: its family's, from the registry, and its condition. */
export function applies(entry: AttackEntry, variant: VariantSpec): boolean {
  const inFamily =
    entry.family === 'login' ||
    (entry.family === 'all'
      ? authenticates(variant.strategy)
      : attackFamiliesOf(variant.strategy).includes(entry.family))
  return inFamily && (entry.when?.(variant) ?? true)
}
