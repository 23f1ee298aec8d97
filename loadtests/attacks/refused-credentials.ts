import { randomBytes } from 'node:crypto'
import { apiKeyFor } from '../../servers/apikey/api-key-format.js'
import type { VariantSpec } from '../runner/variants.js'
import type { ServerKeys } from './attack-entry.js'
import { forgeJwt, jwtClaims, nowSeconds, pasetoClaims, signedSessionId, type JwtSigner } from './forge.js'

/**
 * The credentials a server must refuse, one per kind, built from a valid one: what a broken
 * client, a scanner or an attacker sends. The flood check sends them by the thousand; a refusal
 * measurement can send them as its load.
 *
 * - `malformed`: not the credential's format at all (cheapest to refuse);
 * - `bad-signature`: the valid credential with its signature (MAC, cookie signature, checksum) broken;
 * - `unknown`: well-formed and correctly signed, but for nothing the server knows (a random API
 *   key with a valid checksum, a signed cookie for no session): what may reach the store;
 * - `expired`: correctly signed, past its `exp` (the server's keys are needed to sign one).
 */
export type RefusedKind = 'malformed' | 'bad-signature' | 'unknown' | 'expired'

export interface RefusedCredential {
  readonly kind: RefusedKind
  /** The request headers that present it (instead of the valid credential's). */
  readonly headers: Readonly<Record<string, string>>
  /** The problem code the server answers it with (always with 401). */
  readonly code: 'ERR_AUTH_INVALID' | 'ERR_AUTH_EXPIRED'
}

/**
 * A broken signature of the same length: the third-last character of its base64 text swapped for
 * another. Not the last one: its low bits may be unused, and a lenient decoder would read the same
 * bytes (see nonCanonical in forge.ts).
 */
const breakSignature = (text: string) => {
  const at = text.length - 3
  return `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function jwtSigner(variant: VariantSpec, keys: ServerKeys | undefined): JwtSigner | undefined {
  const alg = variant.options.alg ?? 'HS256'
  if (alg === 'HS256') return keys?.jwtSecret && { alg, secret: keys.jwtSecret }
  if (alg === 'RS256' || alg === 'ES256') return keys?.jwtPrivateKey && { alg, key: keys.jwtPrivateKey }
  return undefined
}

/** A PASETO v4.public token, by its header; any other bearer token here is a JWT. */
const isPaseto = (token: string) => token.startsWith('v4.public.')

/** An access token that expired a minute ago, signed with the server's key (when it is known). */
async function expiredToken(
  variant: VariantSpec,
  paseto: boolean,
  keys: ServerKeys | undefined,
): Promise<string | undefined> {
  const past = nowSeconds() - 120
  if (paseto) {
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString()
    return keys?.paseto && keys.paseto(pasetoClaims({ iat: iso(past), exp: iso(past + 60) }))
  }
  const signer = jwtSigner(variant, keys)
  if (!signer || signer.alg === 'none') return undefined
  return forgeJwt({ alg: signer.alg, typ: 'at+jwt' }, jwtClaims({ iat: past, exp: past + 60 }), signer)
}

/**
 * Every refused kind that applies to the variant, built from `valid` (the headers a login gave):
 * what the login handed out (a bearer token, an API key, a session cookie) says which, not the
 * strategy's name.
 * `keys` (the server's secrets, when known) add what only they can sign: an expired token, a
 * signed cookie for no session. Stateless tokens have no `unknown` kind here; a revoked token in
 * denylist mode is one, but it takes a logout to make, which is the caller's to do.
 */
export async function refusedCredentials(
  variant: VariantSpec,
  valid: Readonly<Record<string, string>>,
  keys?: ServerKeys,
): Promise<RefusedCredential[]> {
  const invalid = (kind: RefusedKind, headers: Record<string, string>): RefusedCredential => ({
    kind,
    headers,
    code: 'ERR_AUTH_INVALID',
  })
  if (valid.authorization) {
    const token = valid.authorization.replace(/^Bearer /, '')
    const paseto = isPaseto(token)
    const expired = await expiredToken(variant, paseto, keys)
    return [
      // Our prefix, then garbage: past the cheapest checks, into the format's parsing.
      invalid('malformed', bearer(paseto ? 'v4.public.bm90LWEtdG9rZW4' : 'eyJub3QiOiJvdXJzIn0.bm90.YSB0b2tlbg')),
      invalid('bad-signature', bearer(breakSignature(token))),
      ...(expired ? [{ kind: 'expired' as const, headers: bearer(expired), code: 'ERR_AUTH_EXPIRED' as const }] : []),
    ]
  }
  if (valid['x-api-key']) {
    const key = valid['x-api-key']
    const body = () => randomBytes(32).toString('base64url')
    return [
      // The CRC32 checksum broken (a typo): refused on the checksum.
      invalid('malformed', { 'x-api-key': breakSignature(key) }),
      // Made up: a valid checksum (anyone can compute one) over a tag made without the server's
      // secret. Refused on the tag, with no store lookup.
      invalid('bad-signature', { 'x-api-key': apiKeyFor(body(), body()) }),
      // Tagged with the server's secret but never issued: this one reaches the store.
      ...(keys?.apiKeySecret ? [invalid('unknown', { 'x-api-key': apiKeyFor(body(), keys.apiKeySecret) })] : []),
    ]
  }
  if (valid.cookie) {
    const pair = valid.cookie
    const name = pair.slice(0, pair.indexOf('='))
    const value = decodeURIComponent(pair.slice(name.length + 1))
    const id = randomBytes(24).toString('base64url')
    return [
      invalid('malformed', { cookie: `${name}=not-a-session` }),
      invalid('bad-signature', { cookie: `${name}=${encodeURIComponent(breakSignature(value))}` }),
      ...(keys?.sessionSecret
        ? [invalid('unknown', { cookie: `${name}=${signedSessionId(id, keys.sessionSecret)}` })]
        : []),
    ]
  }
  // The baseline hands out nothing, and refuses nothing.
  return []
}
