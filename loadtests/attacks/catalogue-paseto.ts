import { bearer, revocation, type AttackContext, type AttackEntry } from './attack-entry.js'
import { reencoded } from './catalogue-jwt.js'
import { b64url, flipByte, knownPasetoKey, nonCanonical, pasetoClaims, type PasetoSignOptions } from './forge.js'

/**
 * PASETO v4.public has no `alg` header to attack: the prefix fixes the algorithm. What is left is
 * the signature, the footer and implicit assertion (authenticated, so they must be pinned), the
 * version and purpose, and the claims the library checks only when asked.
 */
const PREFIX = 'v4.public.'
const paseto = (
  entry: Omit<AttackEntry, 'family' | 'expected'> & Partial<Pick<AttackEntry, 'expected'>>,
): AttackEntry => ({
  family: 'paseto',
  expected: { status: 401 },
  ...entry,
})

async function realBody(ctx: AttackContext): Promise<string> {
  return String((await ctx.login()).response.json.access_token).slice(PREFIX.length)
}

const iso = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString()

/** Signed with the server's key, wrong in one way; the control is the same token without it. */
const signed = (
  entry: Pick<AttackEntry, 'id' | 'name' | 'tries' | 'reference'> & { code?: string },
  forgeries: () => readonly { claims: Record<string, unknown>; options?: PasetoSignOptions }[],
  control: () => Record<string, unknown> = () => ({}),
): AttackEntry =>
  paseto({
    ...entry,
    expected: { status: 401, ...(entry.code && { code: entry.code }) },
    needsKeys: true,
    async build(ctx) {
      const sign = ctx.keys?.paseto
      if (!sign) throw new Error('the PASETO signing key is unknown')
      const attacks = await Promise.all(
        forgeries().map(async ({ claims, options }) => bearer(await sign(claims, options))),
      )
      return { control: bearer(await sign(pasetoClaims(control()))), attacks }
    },
  })

const without = (name: string) => {
  const { [name]: _dropped, ...rest } = pasetoClaims()
  return rest
}

export const PASETO_ATTACKS: readonly AttackEntry[] = [
  paseto({
    id: 'paseto-flipped-byte',
    name: 'flipped byte',
    tries: 'Flips one bit in the claims and one in the Ed25519 signature of a real token.',
    reference: 'PASETO spec, v4.public verify step 5',
    async build(ctx) {
      const body = await realBody(ctx)
      return { attacks: [bearer(`${PREFIX}${flipByte(body, 3)}`), bearer(`${PREFIX}${flipByte(body, -3)}`)] }
    },
  }),
  paseto({
    id: 'paseto-footer',
    name: 'footer changed',
    tries: 'Appends a footer (`{"kid":"attacker"}`) to a real token: the footer is signed, so the signature breaks.',
    reference: 'PASETO spec, footer; paseto 4 (footer pinning)',
    async build(ctx) {
      return { attacks: [bearer(`${PREFIX}${await realBody(ctx)}.${b64url('{"kid":"attacker"}')}`)] }
    },
  }),
  signed(
    {
      id: 'paseto-signed-footer',
      name: 'signed unexpected footer',
      tries: 'Signs a token with a footer, for a verifier that does not pin the expected (empty) footer.',
      reference: 'PASETO spec, footer; servers/paseto/README.md (pin it)',
    },
    () => [{ claims: pasetoClaims(), options: { footer: '{"kid":"../../attacker"}' } }],
  ),
  signed(
    {
      id: 'paseto-implicit-assertion',
      name: 'wrong implicit assertion',
      tries:
        'Signs a token bound to another implicit assertion (another tenant or context) than the server expects (none).',
      reference: 'PASETO spec v4, implicit assertions',
    },
    () => [{ claims: pasetoClaims(), options: { assertion: '{"tenant":"attacker"}' } }],
  ),
  paseto({
    id: 'paseto-other-version',
    name: 'v4.local / v3 / v2 token',
    tries:
      'Relabels a real token as v4.local, v3.public, v3.local, v2.public and v1.public (algorithm confusion by prefix).',
    reference: 'PASETO spec, algorithm lucidity',
    async build(ctx) {
      const body = await realBody(ctx)
      return {
        attacks: ['v4.local.', 'v3.public.', 'v3.local.', 'v2.public.', 'v1.public.'].map((prefix) =>
          bearer(`${prefix}${body}`),
        ),
      }
    },
  }),
  paseto({
    id: 'paseto-other-key',
    name: 'signed by another key',
    tries: "Signs a well-formed v4.public token with an Ed25519 key that is not the server's.",
    reference: 'PASETO spec, v4.public verify',
    async build() {
      const other = await knownPasetoKey()
      return { attacks: [bearer(await other.sign(pasetoClaims()))] }
    },
  }),
  signed(
    {
      id: 'paseto-expired',
      name: 'expired',
      code: 'ERR_AUTH_EXPIRED',
      tries: 'Sends a token expired 31 s ago, just past the 30 s clock tolerance (control: 10 s ago).',
      reference: 'PASETO spec, registered claims (exp)',
    },
    () => [{ claims: pasetoClaims({ iat: iso(-100), exp: iso(-31) }) }],
    () => ({ iat: iso(-100), exp: iso(-10) }),
  ),
  signed(
    {
      id: 'paseto-nbf-future',
      name: 'nbf in the future',
      code: 'ERR_AUTH_NOT_YET_VALID',
      tries: 'Sends a token not valid for another 31 s (control: 10 s).',
      reference: 'PASETO spec, registered claims (nbf)',
    },
    () => [{ claims: pasetoClaims({ nbf: iso(31) }) }],
    () => ({ nbf: iso(10) }),
  ),
  signed(
    {
      id: 'paseto-wrong-claims',
      name: 'wrong iss / aud, no exp',
      tries: 'Sends tokens of another issuer, for another audience, and one that never expires.',
      reference: 'PASETO spec, registered claims',
    },
    () => [
      { claims: pasetoClaims({ iss: 'attacker' }) },
      { claims: pasetoClaims({ aud: 'another-api' }) },
      { claims: without('exp') },
    ],
  ),
  signed(
    {
      id: 'paseto-refresh-kind',
      name: 'refresh token as access token (forged)',
      tries: 'Signs a token whose `token_use` is `refresh` and presents it to the API.',
      reference: 'RFC 8725 §3.11 (the same confusion, by claim)',
    },
    () => [{ claims: pasetoClaims({ token_use: 'refresh' }) }, { claims: without('token_use') }],
  ),
  {
    id: 'paseto-refresh-as-access',
    family: 'paseto',
    name: 'refresh token as access token',
    tries: 'Presents a real refresh token to the API, where only access tokens may open it.',
    when: (variant) => revocation(variant) === 'refresh',
    expected: { status: 401 },
    reference: 'RFC 8725 §3.11-3.12 (the same confusion)',
    async build(ctx) {
      return { attacks: [bearer(String((await ctx.login()).response.json.refresh_token))] }
    },
  },
]

/** v4.public.<body>: the body's last character may carry unused bits; if not, add padding. */
function pasetoNonCanonical(token: string): string {
  const body = token.slice(PREFIX.length)
  return body.length % 4 === 0 ? `${token}=` : `${PREFIX}${nonCanonical(body)}`
}
export const PASETO_REENCODED = reencoded('paseto', pasetoNonCanonical)
