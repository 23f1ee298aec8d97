import { refusedCredentials } from '../attacks/refused-credentials.js'
import type { ServerKeys } from '../attacks/attack-entry.js'
import { keysFor } from '../attacks/server-keys.js'
import type { BurstTarget } from '../runner/burst.js'
import { login, type Credential } from '../runner/credential.js'
import { startVariantServer, usesRedis, type LabServerEnv } from '../runner/lab-servers.js'
import type { ServerProcess } from '../runner/server-process.js'
import type { VariantSpec } from '../runner/variants.js'

/**
 * What a request of the refusal stage presents: the valid credential (the reference, measured in
 * the same rounds), one of the refused kinds of refusedCredentials, or a token revoked by a logout
 * (a stateless token's `unknown`: it exists only where a denylist keeps it).
 */
export const REFUSAL_KINDS = ['valid', 'malformed', 'bad-signature', 'unknown', 'revoked', 'expired'] as const
export type RefusalKind = (typeof REFUSAL_KINDS)[number]

/**
 * Whether anyone can make a refused kind, with no secret and no account: garbage (`malformed`) and
 * forgeries (`bad-signature`; for API keys a made-up key with a valid checksum but no tag of ours).
 * The other kinds take what the server handed out: its secret (the stage signs an `unknown` session
 * id or tags an `unknown` API key with it), or a credential it once issued (a logged-out API key or
 * session cookie replayed is an `unknown` too; a logged-out token `revoked`, an old one `expired`).
 */
export const anyoneCanMake = (kind: RefusalKind) => kind === 'malformed' || kind === 'bad-signature'

/** One burst target per (variant, kind): the same server, another credential. */
export interface RefusalTarget extends BurstTarget {
  /** The variant's id; `variant` is the target's own label, `<id>/<kind>`. */
  readonly of: string
  readonly strategy: string
  readonly kind: RefusalKind
  /** The problem code a refusal answers with; undefined for `valid`. */
  readonly code?: string
}

const targetLabel = (variant: VariantSpec, kind: RefusalKind) => `${variant.id}/${kind}`

/** The credential with other headers in place of its own (and their bytes). */
export const withHeaders = (credential: Credential, headers: Readonly<Record<string, string>>): Credential => ({
  ...credential,
  headers,
  bytes: Object.entries(headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`), 0),
})

/**
 * A token logged out a moment ago, if the server refuses it from then on (a denylist): a logout
 * answered 204 changes nothing for a token nobody can revoke, and that variant gets no such kind.
 */
async function revokedHeaders(url: string): Promise<Record<string, string> | undefined> {
  const { headers } = await login(url)
  const logout = await fetch(`${url}/auth/logout`, { method: 'POST', headers })
  if (logout.status !== 204) return undefined
  const me = await fetch(`${url}/api/me`, { headers })
  await me.arrayBuffer()
  return me.status === 401 ? { ...headers } : undefined
}

/** A refused kind of one variant: the headers that present it and the code it is refused with. */
export interface RefusedHeaders {
  readonly kind: Exclude<RefusalKind, 'valid'>
  readonly headers: Readonly<Record<string, string>>
  readonly code: string
}

/**
 * Every refused kind the variant has, built from a valid login's headers (refusedCredentials) and
 * the server's keys, plus a revoked token where a logout makes one: what the refusal stage loads
 * and what `authlab profile --credential` profiles. Logs in and out of the server at `url` once for
 * the revoked token.
 */
export async function refusedKindsOf(
  variant: VariantSpec,
  url: string,
  valid: Readonly<Record<string, string>>,
  keys: ServerKeys,
): Promise<RefusedHeaders[]> {
  const refused = await refusedCredentials(variant, valid, keys)
  // The baseline refuses nothing; a strategy with an `unknown` kind already sends one to the store.
  const revoked =
    refused.length === 0 || refused.some((entry) => entry.kind === 'unknown') ? undefined : await revokedHeaders(url)
  return [...refused, ...(revoked ? [{ kind: 'revoked' as const, headers: revoked, code: 'ERR_AUTH_REVOKED' }] : [])]
}

/** The server of one variant, started with secrets the harness knows (to sign what it must refuse). */
export interface RefusalServer {
  readonly server: ServerProcess
  readonly targets: readonly RefusalTarget[]
}

export async function startRefusalServer(variant: VariantSpec, env: LabServerEnv): Promise<RefusalServer> {
  const { env: secrets, keys } = await keysFor(variant)
  const server = await startVariantServer(variant, env, secrets)
  try {
    const credential = await login(server.url)
    const base = { url: server.url, pid: server.pid, usesRedis: usesRedis(variant), of: variant.id }
    const valid: RefusalTarget = {
      ...base,
      variant: targetLabel(variant, 'valid'),
      strategy: variant.strategy,
      kind: 'valid',
      credential,
    }
    const kinds = await refusedKindsOf(variant, server.url, credential.headers, keys)
    const targets = kinds.map((entry): RefusalTarget => ({
      ...base,
      variant: targetLabel(variant, entry.kind),
      strategy: variant.strategy,
      kind: entry.kind,
      code: entry.code,
      credential: withHeaders(credential, entry.headers),
      expectedStatus: 401,
    }))
    return { server, targets: [valid, ...targets] }
  } catch (error) {
    await server.stop()
    throw error
  }
}
