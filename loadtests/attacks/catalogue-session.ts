import { randomBytes } from 'node:crypto'
import { ALICE } from '../../servers/core/demo-data.js'
import { strategyEntry } from '../../servers/registry.js'
import { me, type AttackContext, type AttackEntry, type AttackRequest } from './attack-entry.js'
import { signedSessionId } from './forge.js'

/**
 * Cookie sessions: express-session treats a bad signature, an unsigned value and an unknown id as
 * "no session"; the strategy must still refuse them with 401, give a new id at login (fixation),
 * forget the id at logout, and refuse state changes a browser could be tricked into (CSRF).
 */
const session = (
  entry: Omit<AttackEntry, 'family' | 'expected'> & Partial<Pick<AttackEntry, 'expected'>>,
): AttackEntry => ({
  family: 'session',
  expected: { status: 401 },
  ...entry,
})
const withCookie = (cookie: string) => me({ cookie })
/** The cookie's name comes from the registry: a Secure cookie may carry a `__Host-` prefix. */
const withCookieValue = (ctx: AttackContext, value: string) =>
  withCookie(`${strategyEntry(ctx.variant.strategy).cookieName}=${value}`)
const cookieValue = (pair: string) => decodeURIComponent(pair.slice(pair.indexOf('=') + 1))

const csrf = (path: string): AttackEntry =>
  session({
    id: `session-csrf-${path.split('/').at(-1)}`,
    name: `CSRF on POST ${path}`,
    tries: `A page on another site makes the browser POST ${path} with the cookie: no token, a wrong token, a foreign Origin, Sec-Fetch-Site cross-site.`,
    expected: { status: 403, code: 'ERR_CSRF' },
    reference: 'OWASP CSRF Prevention cheat sheet; RFC 6454 (Origin); Fetch Metadata',
    async build(ctx) {
      const { headers } = await ctx.login()
      const { cookie = '' } = headers
      const post = (extra: Record<string, string>): AttackRequest => ({
        method: 'POST',
        path,
        headers: { cookie, ...extra },
      })
      return {
        attacks: [
          post({}),
          post({ 'x-csrf-token': 'not-the-token' }),
          post({ ...headers, origin: 'https://evil.example' }),
          post({ ...headers, 'sec-fetch-site': 'cross-site' }),
        ],
        // None of those may have logged the session out.
        judge: async () => {
          const after = await ctx.http('GET', '/api/me', { headers: { cookie } })
          return after.status === 200 ? undefined : `the session no longer works after the attempts (${after.status})`
        },
      }
    },
  })

export const SESSION_ATTACKS: readonly AttackEntry[] = [
  session({
    id: 'session-bad-signature',
    name: 'cookie with a bad signature',
    tries: 'Keeps a real session id and changes its cookie signature.',
    reference: 'OWASP Session Management cheat sheet',
    async build(ctx) {
      const [id = '', signature = ''] = cookieValue((await ctx.login()).secret).split('.')
      const forged = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`
      return { attacks: [withCookieValue(ctx, encodeURIComponent(`${id}.${forged}`))] }
    },
  }),
  session({
    id: 'session-unsigned',
    name: 'unsigned cookie',
    tries: 'Sends a real session id without its signature (with and without the `s:` prefix).',
    reference: 'OWASP Session Management cheat sheet',
    async build(ctx) {
      const [signedId = ''] = cookieValue((await ctx.login()).secret).split('.')
      return {
        attacks: [withCookieValue(ctx, encodeURIComponent(signedId)), withCookieValue(ctx, signedId.slice(2))],
      }
    },
  }),
  session({
    id: 'session-guessed-id',
    name: 'guessed id',
    tries: 'Signs a guessed session id with the real secret, so only the store lookup stands in the way.',
    reference: 'OWASP Session Management cheat sheet (session ID entropy)',
    needsKeys: true,
    async build(ctx) {
      const secret = ctx.keys?.sessionSecret
      if (!secret) throw new Error('the session secret is unknown')
      await ctx.login() // at least one live session exists to be guessed at
      return {
        control: withCookie((await ctx.login()).secret),
        attacks: [
          withCookieValue(ctx, signedSessionId(randomBytes(24).toString('base64url'), secret)),
          withCookieValue(ctx, signedSessionId('1', secret)),
        ],
      }
    },
  }),
  session({
    id: 'session-fixation',
    name: 'pre-login id (fixation)',
    tries: "Plants a session id in the victim's browser, lets the victim log in with it, then uses the planted id.",
    reference: 'OWASP Session Management cheat sheet (renew the ID); CWE-384',
    async build(ctx) {
      const planted = (await ctx.login()).secret
      return {
        setup: [
          {
            method: 'POST',
            path: '/auth/login',
            headers: { cookie: planted },
            body: ALICE,
            expect: 200,
          },
        ],
        attacks: [withCookie(planted)],
      }
    },
  }),
  session({
    id: 'session-after-logout',
    name: 'id after logout',
    tries: 'Replays the session cookie after the user logged out.',
    reference: 'OWASP Session Management cheat sheet (invalidate on logout)',
    async build(ctx) {
      const { headers } = await ctx.login()
      return {
        setup: [{ method: 'POST', path: '/auth/logout', headers, expect: 204 }],
        attacks: [withCookie(headers.cookie ?? '')],
      }
    },
  }),
  session({
    id: 'session-oversized-cookie',
    name: 'cookie over 4 KB',
    tries: 'Sends a 5 KB session cookie, past what any browser stores.',
    reference: 'RFC 6265 §6.1 (4096 bytes per cookie)',
    async build(ctx) {
      return {
        attacks: [withCookieValue(ctx, 'x'.repeat(5000)), withCookieValue(ctx, `s%3A${'x'.repeat(5000)}.sig`)],
      }
    },
  }),
  csrf('/auth/logout'),
  csrf('/auth/revoke-all'),
]
