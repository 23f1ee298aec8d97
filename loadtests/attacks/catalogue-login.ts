import { ADMIN, ALICE } from '../../servers/core/demo-data.js'
import { median } from '../results/statistics.js'
import { me, type AttackEntry, type AttackRequest } from './attack-entry.js'
import type { LabResponse } from './http-client.js'

/** POST /auth/login is the one route every strategy shares, the none baseline included. */
const loginWith = (body: unknown, headers: Record<string, string> = {}): AttackRequest => ({
  method: 'POST',
  path: '/auth/login',
  body,
  headers,
})
/** A raw JSON text: JSON.stringify cannot write a `__proto__` key, an attacker's client can. */
const rawJson = (text: string) => loginWith(text, { 'content-type': 'application/json' })

/** The right login as JSON without its closing brace, for the raw texts below to extend. */
const CREDENTIALS_JSON = JSON.stringify(ALICE).slice(0, -1)

/**
 * Whether login timings tell an unknown user from a known one. This is a security property, not a
 * benchmark, so the threshold is generous: medians within a factor of 2 and overlapping ranges. A
 * server that skips the password hash for unknown users is 10x to 1000x apart (the hash is the
 * whole cost of a login); the same work measured twice on a busy machine is well within 2x.
 */
export function timingLeak(unknownUser: readonly number[], wrongPassword: readonly number[]): string | undefined {
  const [a, b] = [median(unknownUser), median(wrongPassword)]
  const ratio = Math.max(a, b) / Math.max(Math.min(a, b), 0.001)
  const overlap =
    Math.min(...unknownUser) <= Math.max(...wrongPassword) && Math.min(...wrongPassword) <= Math.max(...unknownUser)
  if (ratio <= 2 && overlap) return undefined
  return `login timings differ: median ${a.toFixed(1)} ms for an unknown user, ${b.toFixed(1)} ms for a wrong password`
}

const TRIES = 50

export const LOGIN_ATTACKS: readonly AttackEntry[] = [
  {
    id: 'login-enumeration',
    family: 'login',
    name: 'user enumeration',
    tries: `Logs in ${TRIES} times as an unknown user and ${TRIES} times with a wrong password, comparing status, body and timing.`,
    expected: { status: 401, code: 'ERR_LOGIN_FAILED' },
    reference: 'OWASP Authentication cheat sheet (authentication responses); CWE-204, CWE-208',
    async build(ctx) {
      // Interleaved, so that a slow moment of the machine hits both kinds alike.
      const attacks = Array.from({ length: 2 * TRIES }, (_, index) =>
        loginWith(
          index % 2 === 0
            ? { username: `nobody-${index}`, password: ALICE.password }
            : { ...ALICE, password: `guess-${index}` },
        ),
      )
      return {
        attacks,
        judge(answers: readonly LabResponse[]) {
          const bodies = new Set(answers.map((answer) => `${answer.status} ${answer.text}`))
          if (bodies.size > 1) return `different answers: ${[...bodies].slice(0, 2).join(' | ')}`
          if (!ctx.timing) return undefined
          const times = (parity: number) =>
            answers.filter((_, index) => index % 2 === parity).map((answer) => answer.ms)
          return timingLeak(times(0), times(1))
        },
      }
    },
  },
  {
    id: 'login-bad-body',
    family: 'login',
    name: 'login body not JSON / wrong types',
    tries:
      'Sends a form body, broken JSON, arrays, `{"$ne": 1}` operators, numbers and nulls for username and password.',
    expected: { status: 400, code: 'ERR_BAD_REQUEST' },
    reference: 'OWASP Input Validation cheat sheet; NoSQL injection (CWE-943)',
    async build() {
      return {
        attacks: [
          loginWith(`username=${ALICE.username}&password=${ALICE.password}`, {
            'content-type': 'application/x-www-form-urlencoded',
          }),
          rawJson('{"username": "alice", "password": '),
          loginWith([ALICE.username, ALICE.password]),
          loginWith({ username: 'alice', password: { $ne: 1 } }),
          loginWith({ username: [ALICE.username], password: ALICE.password }),
          loginWith({ username: 42, password: null }),
          loginWith({ username: 'alice' }),
          rawJson('null'),
        ],
      }
    },
  },
  {
    id: 'login-too-large',
    family: 'login',
    name: 'login body too large',
    tries: 'Sends a 64 KB JSON login body, past the 10 KB limit.',
    expected: { status: 413, code: 'ERR_BODY_TOO_LARGE' },
    reference: 'CWE-400; OWASP REST Security (limit request sizes)',
    async build() {
      return { attacks: [loginWith({ ...ALICE, password: 'p'.repeat(64 * 1024) })] }
    },
  },
  {
    id: 'login-prototype-pollution',
    family: 'login',
    name: '__proto__ / constructor in the login body',
    tries:
      'Sends `__proto__`, `constructor.prototype` and extra `roles` keys in the login body, hoping to give the principal admin roles.',
    expected: { status: 400, code: 'ERR_BAD_REQUEST' },
    reference: 'CWE-1321 (prototype pollution); OWASP Mass Assignment cheat sheet',
    async build(ctx) {
      return {
        attacks: [
          rawJson(`${CREDENTIALS_JSON},"__proto__":{"roles":["admin"],"admin":true}}`),
          rawJson(`${CREDENTIALS_JSON},"constructor":{"prototype":{"roles":["admin"]}}}`),
          rawJson(`${CREDENTIALS_JSON},"roles":["admin"]}`),
        ],
        // The proof is in the principal a fresh, ordinary login gets afterwards.
        async judge() {
          const { headers } = await ctx.login()
          const answer = await ctx.http(me(headers).method, '/api/me', { headers })
          const roles = JSON.stringify(answer.json?.roles)
          return roles === '["user"]' ? undefined : `a fresh login's principal has roles ${roles}`
        },
      }
    },
  },
  {
    id: 'login-brute-force',
    family: 'login',
    name: 'login brute force',
    tries:
      'Guesses passwords until the limit, then tries one more guess and the right password: both must get 429 with Retry-After.',
    expected: { status: 429, code: 'ERR_TOO_MANY_LOGINS' },
    reference: 'OWASP Authentication cheat sheet (account lockout / throttling); CWE-307',
    locksOut: true,
    async build(ctx) {
      const guess = (index: number) => loginWith({ ...ALICE, password: `guess-${index}` })
      return {
        setup: Array.from({ length: ctx.maxFailures }, (_, index) => ({ ...guess(index), expect: 401 })),
        attacks: [guess(-1), loginWith(ALICE)],
        judge: (answers) =>
          answers.every((answer) => Number(answer.headers['retry-after']) > 0)
            ? undefined
            : '429 without a positive Retry-After',
      }
    },
  },
  {
    id: 'login-dns-rebinding',
    family: 'login',
    name: 'DNS rebinding (foreign Host)',
    tries:
      'Plays a page on rebind.attacker.example whose name now resolves to 127.0.0.1: logs in as the loopback-only demo admin, reads /health and /api/me, and revokes, with that Host (and a matching Origin), and with look-alikes (localhost.attacker.example, 127.0.0.1.nip.io, 0.0.0.0).',
    expected: { status: 421, code: 'ERR_MISDIRECTED_REQUEST' },
    reference: 'RFC 9110 §7.2 (Host), §15.5.20 (421); CWE-350; OWASP DNS rebinding',
    async build(ctx) {
      const { port } = new URL(ctx.url)
      const { headers } = await ctx.login()
      const foreign = (host: string) => ({ host: `${host}:${port}`, origin: `http://${host}:${port}` })
      const rebound = foreign('rebind.attacker.example')
      return {
        control: loginWith(ADMIN),
        attacks: [
          loginWith(ADMIN, rebound),
          { method: 'GET', path: '/health', headers: rebound },
          me({ ...headers, ...rebound }),
          { method: 'POST', path: '/auth/revoke-all', headers: { ...headers, ...rebound } },
          ...['localhost.attacker.example', '127.0.0.1.nip.io', '0.0.0.0', 'REBIND.attacker.example'].map((host) =>
            loginWith(ADMIN, foreign(host)),
          ),
        ],
      }
    },
  },
]
