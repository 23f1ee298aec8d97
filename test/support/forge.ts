import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto'
import { PublicProtocol } from 'paseto'
import { ExportSecretKeyFactory, GenerateKeyPairFactory, SignFactory } from 'paseto/v4/public'

/**
 * What an attacker (or a test) can build by hand. The suites start servers with keys they know, so
 * they can forge tokens that differ from a valid one in exactly one way, and first check that the
 * valid one IS accepted: a negative test whose forgery is broken for another reason proves nothing.
 */
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')
export const nowSeconds = () => Math.floor(Date.now() / 1000)

export function jwtClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds()
  return { sub: 'alice', roles: ['user'], jti: randomUUID(), iat, exp: iat + 300, iss: 'authlab', aud: 'authlab-api', ...overrides }
}

export type JwtSigner =
  | { readonly alg: 'HS256'; readonly secret: Buffer | string }
  | { readonly alg: 'RS256' | 'ES256'; readonly key: KeyObject }
  | { readonly alg: 'none' }

/** A compact JWS with whatever header and claims the caller wants. */
export function forgeJwt(header: Record<string, unknown>, claims: Record<string, unknown>, signer: JwtSigner, signatureOverride?: string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
  if (signatureOverride !== undefined) return `${input}.${signatureOverride}`
  if (signer.alg === 'none') return `${input}.`
  const signature =
    signer.alg === 'HS256'
      ? createHmac('sha256', signer.secret).update(input).digest()
      : sign('sha256', Buffer.from(input), signer.alg === 'ES256' ? { key: signer.key, dsaEncoding: 'ieee-p1363' } : signer.key)
  return `${input}.${b64url(signature)}`
}

/** Keys a test passes to a server through the env, as an operator would. */
export function knownJwtKeys() {
  const secret = randomBytes(32)
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    secret,
    env: { JWT_SECRET: secret.toString('base64') },
    rsa,
    rsaEnv: { JWT_PRIVATE_KEY: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    ec,
    ecEnv: { JWT_PRIVATE_KEY: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  }
}

const v4 = new PublicProtocol(GenerateKeyPairFactory, ExportSecretKeyFactory, SignFactory)

export async function knownPasetoKey() {
  const { secretKey } = await v4.GenerateKeyPair({ extractable: true })
  const paserk = await v4.ExportSecretKey(secretKey)
  return {
    env: { PASETO_SECRET_KEY: paserk },
    /** A v4.public token signed with the server's key; `footer` adds an (unexpected) footer. */
    sign: (claims: Record<string, unknown>, footer?: string) =>
      v4.Sign(secretKey, claims as object, {
        addIssuedAt: false,
        // paseto adds a one-hour exp to claims that have none; an attacker's token would not.
        nonExpiring: !('exp' in claims),
        ...(footer !== undefined && { footer: new TextEncoder().encode(footer) }),
      }),
  }
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
