import { algorithm, bearer, type AttackContext, type AttackEntry } from './attack-entry.js'
import { forgeJwt, jwtClaims, nowSeconds, type JwtSigner } from './forge.js'

/**
 * Tokens signed with the server's own key, wrong in exactly one claim or header: what a verifier
 * that checks only the signature lets through (servers/jwt/README.md: jsonwebtoken leaves these to the app).
 * Each comes with a control, the same token without the defect, which must be accepted.
 */
function serverSigner(ctx: AttackContext): Exclude<JwtSigner, { alg: 'none' }> {
  const alg = algorithm(ctx.variant)
  const { jwtSecret, jwtPrivateKey } = ctx.keys ?? {}
  if (alg === 'HS256' && jwtSecret) return { alg, secret: jwtSecret }
  if ((alg === 'RS256' || alg === 'ES256') && jwtPrivateKey) return { alg, key: jwtPrivateKey }
  throw new Error(`the ${alg} signing key is unknown`)
}

interface Forgery {
  /** Header fields over the valid `{ alg, typ: 'at+jwt' }`. */
  readonly header?: Record<string, unknown>
  /** Claims, or a raw JSON payload. */
  readonly claims: Record<string, unknown> | string
}

const signed = (
  id: string,
  name: string,
  tries: string,
  reference: string,
  forgeries: (now: number) => readonly Forgery[],
  options: { code?: string; control?: (now: number) => Record<string, unknown> } = {},
): AttackEntry => ({
  id,
  family: 'jwt',
  name,
  tries,
  expected: { status: 401, ...(options.code && { code: options.code }) },
  reference,
  needsKeys: true,
  async build(ctx) {
    const signer = serverSigner(ctx)
    const now = nowSeconds()
    // undefined values (a header without `typ`) vanish in JSON.stringify.
    const token = ({ header, claims }: Forgery) =>
      forgeJwt({ alg: signer.alg, typ: 'at+jwt', ...header }, claims, signer)
    return {
      control: bearer(token({ claims: jwtClaims(options.control?.(now) ?? {}) })),
      attacks: forgeries(now).map((forgery) => bearer(token(forgery))),
    }
  },
})

const without = (name: string) => {
  const { [name]: _dropped, ...rest } = jwtClaims()
  return rest
}

export const JWT_CLAIM_ATTACKS: readonly AttackEntry[] = [
  signed(
    'jwt-crit',
    'unknown crit header',
    'Marks an extension the server does not know as critical (`crit`).',
    'RFC 7515 §4.1.11',
    () => [{ header: { crit: ['urn:attacker:ext'], 'urn:attacker:ext': true }, claims: jwtClaims() }],
  ),
  signed(
    'jwt-wrong-typ',
    'another typ as access token',
    'Sends a token of another `typ` (none, `JWT`, `refresh+jwt`), e.g. an ID token of the same issuer.',
    'RFC 8725 §3.11; RFC 9068 §2.1',
    () => [undefined, 'JWT', 'refresh+jwt'].map((typ) => ({ header: { typ }, claims: jwtClaims() })),
  ),
  signed(
    'jwt-missing-exp',
    'missing exp',
    'Sends a token with no `exp`, which would never expire.',
    'RFC 7519 §4.1.4; OWASP JWT cheat sheet (token lifetime)',
    () => [{ claims: without('exp') }],
  ),
  signed(
    'jwt-exp-string',
    'exp as a string',
    'Sends `exp` as a string, which a lax check compares as NaN and never expires.',
    'RFC 7519 §2 (NumericDate), §4.1.4',
    (now) => [{ claims: jwtClaims({ exp: String(now + 300) }) }],
  ),
  signed(
    'jwt-iat-future',
    'iat in the future',
    'Issues the token an hour from now, to outlive a revoke-all that cuts at "issued before now".',
    'RFC 7519 §4.1.6',
    (now) => [{ claims: jwtClaims({ iat: now + 3600, exp: now + 7200 }) }],
  ),
  signed(
    'jwt-nbf-future',
    'nbf in the future',
    'Sends a token not valid for another 31 s, just past the 30 s clock tolerance (control: 10 s).',
    'RFC 7519 §4.1.5',
    (now) => [{ claims: jwtClaims({ nbf: now + 31 }) }],
    { code: 'ERR_AUTH_NOT_YET_VALID', control: (now) => ({ nbf: now + 10 }) },
  ),
  signed(
    'jwt-expired',
    'expired',
    'Sends a token expired 31 s ago, just past the 30 s clock tolerance (control: 10 s ago).',
    'RFC 7519 §4.1.4',
    (now) => [{ claims: jwtClaims({ iat: now - 100, exp: now - 31 }) }],
    { code: 'ERR_AUTH_EXPIRED', control: (now) => ({ iat: now - 100, exp: now - 10 }) },
  ),
  signed(
    'jwt-wrong-iss',
    'wrong iss',
    'Sends a token of another issuer signed with a shared key.',
    'RFC 8725 §3.8',
    () => [{ claims: jwtClaims({ iss: 'https://attacker.example' }) }, { claims: without('iss') }],
  ),
  signed(
    'jwt-wrong-aud',
    'wrong aud',
    'Sends a token minted for another API (cross-JWT confusion).',
    'RFC 8725 §3.9',
    () => [{ claims: jwtClaims({ aud: 'another-api' }) }, { claims: without('aud') }],
  ),
  signed(
    'jwt-duplicate-claims',
    'duplicate claims',
    'Repeats `roles` and `sub` in the JSON, so two parsers (a gateway, the server) read different users.',
    'RFC 7519 §4; RFC 8259 §4',
    () => [
      { claims: JSON.stringify(jwtClaims()).replace(/}$/, ',"roles":["user","admin"]}') },
      { claims: JSON.stringify(jwtClaims()).replace(/}$/, ',"sub":"admin"}') },
    ],
  ),
  signed(
    'jwt-claim-types',
    'claims of the wrong type',
    'Sends `roles` as a string and `sub` as a number, for code that trusts the shape.',
    'OWASP JWT cheat sheet',
    () => [{ claims: jwtClaims({ roles: 'admin' }) }, { claims: jwtClaims({ sub: 42 }) }],
  ),
]
