import { ADMIN, ALICE } from '../../servers/core/demo-data.js'
import { looksLikeCredential } from '../../servers/core/credentials.js'
import { credentialCookieNames } from '../../servers/registry.js'
import { me, type AttackContext, type AttackEntry, type AttackRequest, type Login } from './attack-entry.js'

/**
 * Tricks that do not depend on the credential's format: where it travels, how often, how big, and
 * whether a valid one opens more than it should. Every authenticated strategy must refuse them alike.
 */
const all = (entry: Omit<AttackEntry, 'family'>): AttackEntry => ({
  family: 'all',
  ...entry,
})

/** The one header that carries the credential (a cookie session's CSRF header is not one). */
const credentialHeader = ({ headers }: Login): [string, string] =>
  (Object.entries(headers).find(([name]) => name !== 'x-csrf-token') as [string, string] | undefined) ?? [
    'authorization',
    '',
  ]

/** An admin's revoke-all naming alice, the body as given. Alice and the admin each hold a fresh login. */
async function revokeAliceAsAdmin(
  ctx: AttackContext,
  bodies: readonly AttackRequest['body'][],
  contentTypes: string[],
) {
  const [admin, alice] = [await ctx.login(ADMIN), await ctx.login()]
  const attacks = bodies.map((body, index): AttackRequest => ({
    method: 'POST',
    path: '/auth/revoke-all',
    headers: { ...admin.headers, ...(contentTypes[index] && { 'content-type': contentTypes[index] }) },
    body,
  }))
  return {
    attacks,
    // Refused means nothing was revoked: the admin did not log themselves out, alice was not logged out.
    async judge() {
      for (const [who, login] of [
        ['the admin', admin],
        ['alice', alice],
      ] as const) {
        const status = (await ctx.http('GET', '/api/me', { headers: login.headers })).status
        if (status !== 200) return `${who}'s credential got ${status} afterwards: something was revoked`
      }
      return undefined
    },
  }
}

const QUERY_NAME: Record<string, string> = { authorization: 'access_token', 'x-api-key': 'api_key', cookie: 'sid' }

export const ALL_ATTACKS: readonly AttackEntry[] = [
  all({
    id: 'all-no-credential',
    name: 'no credential',
    tries: 'Calls every protected route with no credential at all.',
    expected: { status: 401, code: 'ERR_AUTH_MISSING' },
    reference: 'RFC 9110 §11.6.1 (WWW-Authenticate on 401)',
    async build() {
      const posts = ['/auth/logout', '/auth/revoke-all'].map((path): AttackRequest => ({ method: 'POST', path }))
      return {
        attacks: [me(), { method: 'GET', path: '/api/items' }, { method: 'GET', path: '/api/admin/stats' }, ...posts],
        judge: (answers) =>
          answers.every((answer) => answer.headers['www-authenticate']) ? undefined : 'a 401 without WWW-Authenticate',
      }
    },
  }),
  all({
    id: 'all-wrong-scheme',
    name: 'wrong scheme',
    tries: 'Sends the password as Basic auth, and the real credential under another scheme or header.',
    expected: { status: 401 },
    reference: 'RFC 9110 §11.1; RFC 6750 §2.1',
    async build(ctx) {
      const login = await ctx.login()
      const [name, value] = credentialHeader(login)
      const bare = value.replace(/^Bearer /, '')
      const attacks = [
        me({ authorization: `Basic ${Buffer.from(`${ALICE.username}:${ALICE.password}`).toString('base64')}` }),
        me({ authorization: `Token ${bare}` }),
        me({ authorization: `Bearer${bare}` }),
        name === 'x-api-key' ? me({ authorization: `Bearer ${bare}` }) : me({ 'x-api-key': bare }),
      ]
      return { attacks }
    },
  }),
  all({
    id: 'all-duplicate-header',
    name: 'two Authorization headers',
    tries:
      'Sends the credential header twice (one valid), since Node keeps only the first and a proxy may read the last.',
    expected: { status: 401 },
    reference: 'RFC 9110 §5.3; HTTP request smuggling class (CWE-444)',
    async build(ctx) {
      const login = await ctx.login()
      const [name, value] = credentialHeader(login)
      // A cookie session reads no Authorization header, but two of them are refused there too.
      const doubled =
        name === 'cookie'
          ? { ...login.headers, authorization: ['Bearer a', 'Bearer b'] }
          : { [name]: [value, `${value.slice(0, -4)}AAAA`] }
      return {
        control: me(login.headers),
        attacks: [me(doubled), ...(name === 'cookie' ? [] : [me({ [name]: [value, value] })])],
      }
    },
  }),
  all({
    id: 'all-header-over-limit',
    name: "header over Node's limit",
    tries:
      "Sends a valid credential with a 20 KB header, past Node's 16 KiB limit; the server must answer 431 and keep serving.",
    expected: { status: 431 },
    reference: 'Node http maxHeaderSize; RFC 6585 §5',
    async build(ctx) {
      const { headers } = await ctx.login()
      return {
        attacks: [me({ ...headers, 'x-padding': 'a'.repeat(20 * 1024) })],
        judge: async () =>
          (await ctx.http('GET', '/api/me', { headers })).status === 200
            ? undefined
            : 'the server stopped serving after it',
      }
    },
  }),
  all({
    id: 'all-malformed-credential',
    name: 'malformed credentials',
    tries: 'Sends an empty Bearer, odd spacing, latin-1 bytes, a bare key prefix and cookies that do not decode.',
    expected: { status: 401 },
    reference: 'RFC 6750 §2.1 (b64token); CWE-20',
    async build() {
      const odd: Record<string, string>[] = [
        { authorization: 'Bearer' },
        { authorization: 'Bearer  two  spaces' },
        { authorization: `Bearer ${'\u00ff'.repeat(10)}` },
        { 'x-api-key': 'authlab_' },
        ...credentialCookieNames().flatMap((name) => [{ cookie: `${name}=%E0%A4%A` }, { cookie: `${name}=s%3A.` }]),
      ]
      return { attacks: odd.map((headers) => me(headers)) }
    },
  }),
  all({
    id: 'all-credential-in-query',
    name: 'credential in the query string',
    tries:
      'Sends a valid credential in the URL (query strings end up in access logs, history and Referer), alone and next to the header: under its usual name, in upper case, as jwt / authorization / x-api-key / the session cookie, under a harmless name, and bare (`?<token>`).',
    expected: { status: 401, code: 'ERR_AUTH_IN_QUERY' },
    reference: 'OWASP REST Security cheat sheet; RFC 6750 §5.3',
    async build(ctx) {
      const login = await ctx.login()
      const [name] = credentialHeader(login)
      // A session's secret is `name=value`: the value (`s%3A…`, URL-encoded already) goes in the URL.
      const value = name === 'cookie' ? login.secret.slice(login.secret.indexOf('=') + 1) : login.secret
      const encoded = name === 'cookie' ? value : encodeURIComponent(value)
      const usual = `/api/me?${QUERY_NAME[name] ?? 'token'}=${encoded}`
      const paths = [
        usual,
        `/api/me?${(QUERY_NAME[name] ?? 'token').toUpperCase()}=${encoded}`,
        ...['jwt', 'authorization', 'x-api-key', ...credentialCookieNames()].map((key) => `/api/me?${key}=${encoded}`),
      ]
      // Under a harmless name or none, only its shape gives a credential away: the server knows ours
      // (a JWT, a PASETO, an API key, a signed cookie); an opaque token of a strategy added later is
      // refused by name only.
      const shaped = looksLikeCredential(decodeURIComponent(encoded))
        ? [`/api/me?page=1&q=${encoded}`, `/api/me?${encoded}`]
        : []
      return {
        attacks: [
          ...[...paths, ...shaped].map((path): AttackRequest => ({ method: 'GET', path })),
          ...[usual, ...shaped].map((path): AttackRequest => ({ method: 'GET', path, headers: login.headers })),
        ],
      }
    },
  }),
  all({
    id: 'all-absolute-form-target',
    name: 'absolute-form request target',
    tries:
      'Sends `GET http://1.2.3.256/api/me` and other absolute-form targets (meant for proxies) naming hosts and ports a URL parser refuses, hoping for a 500 and a stack trace.',
    expected: { status: 401, code: 'ERR_AUTH_MISSING' },
    reference: 'RFC 9112 §3.2.2 (absolute-form); CWE-248 (uncaught exception)',
    async build() {
      return {
        attacks: ['http://1.2.3.256/api/me', 'http://x:99999/api/items', 'http://1.2.3.4.5/api/admin/stats'].map(
          (path): AttackRequest => ({ method: 'GET', path }),
        ),
      }
    },
  }),
  all({
    id: 'all-privilege',
    name: 'user on an admin route',
    tries: "Uses a valid plain user's credential on the admin route, and to log out another user.",
    expected: { status: 403, code: 'ERR_FORBIDDEN' },
    reference: 'OWASP Authorization cheat sheet; CWE-285',
    async build(ctx) {
      const { headers } = await ctx.login()
      return {
        control: me(headers),
        attacks: [
          { method: 'GET', path: '/api/admin/stats', headers },
          { method: 'POST', path: '/auth/revoke-all', headers, body: { username: 'admin' } },
        ],
      }
    },
  }),
  all({
    id: 'all-revoke-all-not-json',
    name: 'revoke-all with a body that is not JSON',
    tries:
      'An admin names alice in revoke-all as text/plain, as a form and with no Content-Type: a server that skips the unread body logs the admin out instead, and says 204.',
    expected: { status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' },
    reference: 'RFC 9110 §15.5.16 (415); CWE-436 (interpretation conflict)',
    build: (ctx) =>
      revokeAliceAsAdmin(
        ctx,
        ['{"username":"alice"}', 'username=alice', '{"username":"alice"}'],
        ['text/plain', 'application/x-www-form-urlencoded', ''],
      ),
  }),
  all({
    id: 'all-revoke-all-unknown-user',
    name: 'revoke-all naming an unknown user',
    tries:
      'An admin revokes "alcie" (a typo) and a made-up name: a 204 would tell them that user is logged out everywhere.',
    expected: { status: 404, code: 'ERR_UNKNOWN_USER' },
    reference: 'OWASP Logging cheat sheet (fail visibly); CWE-754',
    build: (ctx) => revokeAliceAsAdmin(ctx, [{ username: 'alcie' }, { username: 'nobody-at-all' }], []),
  }),
]
