import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { algorithm, bearer, revocation, type AttackContext, type AttackEntry } from './attack-entry.js'
import { b64url, flipByte, forgeJwt, nonCanonical, type JwtSigner } from './forge.js'

/** JWT attacks that need no key of the server's: the signature is wrong by construction. */
const jwt = (
  entry: Omit<AttackEntry, 'family' | 'expected'> & Partial<Pick<AttackEntry, 'expected'>>,
): AttackEntry => ({
  family: 'jwt',
  expected: { status: 401 },
  ...entry,
})

/** A real access token of the server's, split into its three segments. */
async function realToken(ctx: AttackContext) {
  const { response } = await ctx.login()
  const [header = '', payload = '', signature = ''] = String(response.json.access_token).split('.')
  return {
    header,
    payload,
    signature,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
  }
}

/** A key pair of the attacker's own, of the kind the variant's algorithm uses. */
function attackerSigner(ctx: AttackContext): {
  signer: Exclude<JwtSigner, { alg: 'none' }>
  jwk: Record<string, unknown>
} {
  const alg = algorithm(ctx.variant)
  if (alg === 'HS256') {
    const secret = randomBytes(32)
    return { signer: { alg, secret }, jwk: { kty: 'oct', k: b64url(secret) } }
  }
  const { privateKey, publicKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { signer: { alg: alg as 'RS256' | 'ES256', key: privateKey }, jwk: publicKey.export({ format: 'jwk' }) }
}

/** The header points the verifier at a key the attacker controls, and the token is signed with it. */
const keyInHeader = (
  id: string,
  name: string,
  field: (jwk: Record<string, unknown>) => Record<string, unknown>,
): AttackEntry =>
  jwt({
    id,
    name,
    tries: `Signs with the attacker's own key and names it in the header (${name}), hoping the server fetches or trusts it.`,
    reference: 'RFC 8725 §3.10; RFC 7515 §4.1.2-4.1.5',
    async build(ctx) {
      const { signer, jwk } = attackerSigner(ctx)
      const header = { alg: signer.alg, typ: 'at+jwt', kid: 'attacker', ...field(jwk) }
      return { attacks: [bearer(forgeJwt(header, (await realToken(ctx)).claims, signer))] }
    },
  })

export const JWT_ATTACKS: readonly AttackEntry[] = [
  jwt({
    id: 'jwt-alg-none',
    name: 'alg: none',
    tries: 'Sends a real token re-labelled `alg: none` in four casings, with the signature stripped and kept.',
    reference: 'RFC 8725 §2.1, §3.1; CVE-2015-9235',
    async build(ctx) {
      const { payload, signature } = await realToken(ctx)
      const attacks = ['none', 'None', 'NONE', 'nOnE'].flatMap((alg) => {
        const header = b64url(JSON.stringify({ alg, typ: 'at+jwt' }))
        return [bearer(`${header}.${payload}.`), bearer(`${header}.${payload}.${signature}`)]
      })
      return { attacks }
    },
  }),
  jwt({
    id: 'jwt-key-confusion',
    name: 'HS256 with the public key',
    tries:
      "Signs HS256 with the server's public key (PEM and DER) as the HMAC secret, for a verifier that lets the token pick the algorithm.",
    when: (variant) => algorithm(variant) !== 'HS256',
    reference: 'RFC 8725 §2.1, §3.1; CVE-2016-10555',
    needsKeys: true,
    async build(ctx) {
      const publicKey = ctx.keys?.jwtPublicKey
      if (!publicKey) throw new Error('no public key')
      const { claims } = await realToken(ctx)
      const secrets = [
        publicKey.export({ type: 'spki', format: 'pem' }),
        publicKey.export({ type: 'spki', format: 'der' }),
      ]
      return {
        attacks: secrets.map((secret) =>
          bearer(forgeJwt({ alg: 'HS256', typ: 'at+jwt' }, claims, { alg: 'HS256', secret })),
        ),
      }
    },
  }),
  jwt({
    id: 'jwt-ecdsa-zero',
    name: 'ES256 with r = s = 0',
    tries: 'Sends an ES256 token whose signature is all zeroes, which broken ECDSA verifiers accept for any message.',
    reference: 'CVE-2022-21449 ("psychic signatures")',
    async build(ctx) {
      const { claims } = await realToken(ctx)
      return {
        attacks: [bearer(forgeJwt({ alg: 'ES256', typ: 'at+jwt' }, claims, { alg: 'none' }, b64url(Buffer.alloc(64))))],
      }
    },
  }),
  jwt({
    id: 'jwt-kid-injection',
    name: 'kid path traversal / SQL',
    tries:
      "Puts `../../dev/null` or a SQL fragment in `kid`, signed with the key such a lookup would return (empty, or the attacker's).",
    reference: 'RFC 8725 §3.10; OWASP JWT cheat sheet',
    async build(ctx) {
      const { claims } = await realToken(ctx)
      const tries = [
        { kid: '../../../../../../dev/null', secret: '' },
        { kid: "x' UNION SELECT 'attacker-key' -- ", secret: 'attacker-key' },
      ]
      return {
        attacks: tries.map(({ kid, secret }) =>
          bearer(forgeJwt({ alg: 'HS256', typ: 'at+jwt', kid }, claims, { alg: 'HS256', secret })),
        ),
      }
    },
  }),
  keyInHeader('jwt-jku', 'jku header', () => ({ jku: 'https://attacker.example/.well-known/jwks.json' })),
  keyInHeader('jwt-x5u', 'x5u header', () => ({ x5u: 'https://attacker.example/cert.pem' })),
  keyInHeader('jwt-embedded-jwk', 'embedded jwk header', (jwk) => ({ jwk })),
  jwt({
    id: 'jwt-tampered',
    name: 'tampered token',
    tries: 'Promotes a real token to admin in the payload, and strips, truncates or flips its signature.',
    reference: 'RFC 7515 §5.2',
    async build(ctx) {
      const { header, payload, signature, claims } = await realToken(ctx)
      const promoted = b64url(JSON.stringify({ ...claims, roles: ['user', 'admin'] }))
      return {
        attacks: [
          `${header}.${promoted}.${signature}`,
          `${header}.${payload}.`,
          `${header}.${payload}`,
          `${header}.${payload}.${flipByte(signature, 5)}`,
        ].map(bearer),
      }
    },
  }),
  jwt({
    id: 'jwt-other-key',
    name: 'signed by another key',
    tries: "Signs a well-formed token with a key of the right type that is not the server's.",
    reference: 'RFC 7515 §5.2',
    async build(ctx) {
      return {
        attacks: [
          bearer(
            forgeJwt(
              { alg: algorithm(ctx.variant), typ: 'at+jwt' },
              (await realToken(ctx)).claims,
              attackerSigner(ctx).signer,
            ),
          ),
        ],
      }
    },
  }),
  jwt({
    id: 'jwt-oversized',
    name: '15 KB token',
    tries: "Sends a 15 KB token, just under Node's 16 KiB header limit, so the app itself must refuse to parse it.",
    reference: 'CWE-400 (uncontrolled resource use); OWASP JWT cheat sheet',
    async build(ctx) {
      const { claims } = await realToken(ctx)
      return {
        attacks: [
          bearer(
            forgeJwt(
              { alg: 'HS256', typ: 'at+jwt' },
              { ...claims, pad: 'A'.repeat(11_000) },
              { alg: 'HS256', secret: 'x' },
            ),
          ),
        ],
      }
    },
  }),
  jwt({
    id: 'jwt-refresh-as-access',
    name: 'refresh token as access token',
    tries: 'Presents a real refresh token to the API, where only access tokens may open it.',
    when: (variant) => revocation(variant) === 'refresh',
    reference: 'RFC 8725 §3.11-3.12; RFC 9068 §4',
    async build(ctx) {
      return { attacks: [bearer(String((await ctx.login()).response.json.refresh_token))] }
    },
  }),
]

/** Re-encoded tokens against the server's revocation: the same bytes must stay revoked. */
export const reencoded = (family: 'jwt' | 'paseto', lastSegment: (token: string) => string): AttackEntry[] => [
  {
    id: `${family}-revoked-reencoded`,
    family,
    name: 'revoked token, re-encoded',
    tries:
      'Logs out, then replays the token with a non-canonical base64url signature, so a denylist keyed on the token string misses it.',
    when: (variant) => revocation(variant) === 'denylist',
    // Revoked, or refused as malformed (a verifier may insist on canonical base64url): both refuse.
    expected: { status: 401 },
    reference: 'RFC 4648 §3.5 (canonical encoding); RFC 7519 §4.1.7 (jti)',
    async build(ctx) {
      const { headers, secret } = await ctx.login()
      return {
        setup: [{ method: 'POST', path: '/auth/logout', headers, expect: 204 }],
        attacks: [bearer(secret), bearer(lastSegment(secret))],
      }
    },
  },
  {
    id: `${family}-refresh-replay`,
    family,
    name: 'spent refresh token, replayed',
    tries: 'Spends a refresh token, then replays it as is and re-encoded: rotation must refuse both.',
    when: (variant) => revocation(variant) === 'refresh',
    expected: { status: 401 },
    reference: 'OAuth 2.0 Security BCP (RFC 9700) §4.14.2, refresh token rotation',
    async build(ctx) {
      const token = String((await ctx.login()).response.json.refresh_token)
      const refresh = (refresh_token: string) => ({
        method: 'POST' as const,
        path: '/auth/refresh',
        body: { refresh_token },
      })
      return { setup: [{ ...refresh(token), expect: 200 }], attacks: [refresh(token), refresh(lastSegment(token))] }
    },
  },
]

const jwtNonCanonical = (token: string) => {
  const parts = token.split('.')
  return [...parts.slice(0, -1), nonCanonical(parts.at(-1) ?? '')].join('.')
}
export const JWT_REENCODED = reencoded('jwt', jwtNonCanonical)
