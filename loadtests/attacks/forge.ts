import { createHmac, randomUUID, sign, type KeyObject } from 'node:crypto'
import { PublicProtocol } from 'paseto'
import { ExportSecretKeyFactory, GenerateKeyPairFactory, ImportSecretKeyFactory, SignFactory } from 'paseto/v4/public'

/**
 * What an attacker (or a test) can build by hand. The attack runner starts servers with keys it
 * knows, so it can forge tokens that differ from a valid one in exactly one way, and first check
 * that the valid one IS accepted: a refusal of a forgery that is broken for another reason proves
 * nothing.
 */
export const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')
export const nowSeconds = () => Math.floor(Date.now() / 1000)

export function jwtClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds()
  return {
    sub: 'alice',
    roles: ['user'],
    jti: randomUUID(),
    iat,
    exp: iat + 300,
    iss: 'authlab',
    aud: 'authlab-api',
    ...overrides,
  }
}

export type JwtSigner =
  | { readonly alg: 'HS256'; readonly secret: Buffer | string }
  | { readonly alg: 'RS256' | 'ES256'; readonly key: KeyObject }
  | { readonly alg: 'none' }

/** The signature of a compact JWS's signing input, as jsonwebtoken would make it. */
function jwsSignature(input: string, signer: Exclude<JwtSigner, { alg: 'none' }>): Buffer {
  if (signer.alg === 'HS256') return createHmac('sha256', signer.secret).update(input).digest()
  return sign(
    'sha256',
    Buffer.from(input),
    signer.alg === 'ES256' ? { key: signer.key, dsaEncoding: 'ieee-p1363' } : signer.key,
  )
}

/**
 * A compact JWS with whatever header and claims the caller wants. `claims` may be a raw JSON string,
 * for payloads JSON.stringify cannot make (duplicate claim names).
 */
export function forgeJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown> | string,
  signer: JwtSigner,
  signatureOverride?: string,
): string {
  const payload = typeof claims === 'string' ? claims : JSON.stringify(claims)
  const input = `${b64url(JSON.stringify(header))}.${b64url(payload)}`
  if (signatureOverride !== undefined) return `${input}.${signatureOverride}`
  if (signer.alg === 'none') return `${input}.`
  return `${input}.${b64url(jwsSignature(input, signer))}`
}

const v4 = new PublicProtocol(GenerateKeyPairFactory, ExportSecretKeyFactory, ImportSecretKeyFactory, SignFactory)

export interface PasetoSignOptions {
  /** An (unexpected) footer; the lab's tokens have none. */
  readonly footer?: string
  /** An implicit assertion the verifier does not expect (PASETO v4: authenticated, not sent). */
  readonly assertion?: string
}

export type PasetoSigner = (claims: Record<string, unknown>, options?: PasetoSignOptions) => Promise<string>

/** A v4.public signer for a PASERK k4.secret key (the server's, when the attacker knows it). */
export async function pasetoSigner(paserk: string): Promise<PasetoSigner> {
  const secretKey = await v4.ImportSecretKey(paserk as `k4.secret.${string}`)
  const bytes = (text: string) => new TextEncoder().encode(text)
  return (claims, { footer, assertion } = {}) =>
    v4.Sign(secretKey, claims as object, {
      addIssuedAt: false,
      // paseto adds a one-hour exp to claims that have none; an attacker's token would not.
      nonExpiring: !('exp' in claims),
      ...(footer !== undefined && { footer: bytes(footer) }),
      ...(assertion !== undefined && { implicitAssertion: bytes(assertion) }),
    })
}

export async function knownPasetoKey() {
  const { secretKey } = await v4.GenerateKeyPair({ extractable: true })
  const paserk = await v4.ExportSecretKey(secretKey)
  return { paserk, sign: await pasetoSigner(paserk) }
}

export function pasetoClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now()
  return {
    sub: 'alice',
    roles: ['user'],
    jti: randomUUID(),
    token_use: 'access',
    iss: 'authlab',
    aud: 'authlab-api',
    iat: new Date(now).toISOString(),
    exp: new Date(now + 300_000).toISOString(),
    ...overrides,
  }
}

/** Flip one bit of the byte at `index` of a base64url segment's decoded bytes. */
export function flipByte(segment: string, index: number): string {
  const bytes = Buffer.from(segment, 'base64url')
  const at = ((index % bytes.length) + bytes.length) % bytes.length
  bytes[at] = (bytes[at] ?? 0) ^ 0x01
  return bytes.toString('base64url')
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * The same bytes, spelled differently: the last character of a base64url string whose length is not
 * a multiple of 4 carries unused low bits, and lenient decoders ignore them. Whatever keys on the
 * token string (a denylist of tokens, a cache) sees a new token; the verifier sees the old one.
 */
export function nonCanonical(segment: string): string {
  const unusedBits = [0, 0, 4, 2][segment.length % 4] ?? 0
  if (unusedBits === 0) throw new TypeError('this segment has no unused bits to set')
  const last = B64URL.indexOf(segment.at(-1) ?? 'A')
  return `${segment.slice(0, -1)}${B64URL[last ^ 1]}`
}

/** An express-session cookie value for `id`, signed as cookie-signature does (known secret only). */
export const signedSessionId = (id: string, secret: string) =>
  encodeURIComponent(`s:${id}.${createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')}`)
