import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authenticates, credentialCookieNames, strategyNames } from '../servers/registry.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { login, startLab, type TestLab } from './support/lab.js'

/**
 * Property-based fuzzing of what a client controls: the Authorization header, cookies, the API key
 * header and the login body, against every strategy. Whatever arrives, the server never answers
 * 5xx, never opens a protected route without a credential it issued, and keeps serving afterwards.
 * Bounded (RUNS cases per property) so the file stays well under a minute.
 */
const RUNS = 150

// What node:http lets a client put in a header value: visible ASCII, space, tab and latin-1.
const headerChar = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0xa0, max: 0xff }))
  .map((code) => String.fromCharCode(code))
const headerText = (maxLength: number) => fc.string({ unit: headerChar, maxLength })
const b64Char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/='.split(''))
const tokenLike = fc.string({ unit: b64Char, minLength: 1, maxLength: 600 })

const authorization = fc.oneof(
  headerText(300),
  tokenLike.map((token) => `Bearer ${token}`),
  fc
    .tuple(fc.constantFrom('bearer', 'BEARER', 'Basic', 'Token', 'ApiKey', ''), headerText(200))
    .map(([scheme, rest]) => `${scheme} ${rest}`),
  fc
    .constantFrom('eyJhbGciOiJub25lIn0', 'v4.public.', 'v4.local.', 'v2.public.')
    .chain((prefix) => tokenLike.map((rest) => `Bearer ${prefix}${rest}`)),
)
// The cookie names come from the registry (a Secure cookie may carry a __Host- prefix).
const cookieName = fc.constantFrom(...credentialCookieNames())
const cookie = fc.oneof(
  headerText(300),
  fc.tuple(cookieName, headerText(300)).map(([name, value]) => `${name}=${value}`),
  fc.tuple(cookieName, tokenLike).map(([name, value]) => `${name}=s%3A${value}`),
)
const apiKey = fc.oneof(
  headerText(120),
  tokenLike.map((value) => `authlab_${value}`),
)
const credentialHeaders = fc.record({ authorization, cookie, 'x-api-key': apiKey }, { requiredKeys: [] })
const loginBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  headerText(400),
  fc
    .record({
      username: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      password: fc.oneof(fc.string(), fc.array(fc.string())),
    })
    .map((body) => JSON.stringify(body)),
  fc
    .dictionary(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'username', 'password', 'roles'),
      fc.jsonValue(),
    )
    .map((body) => JSON.stringify(body)),
)

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

describe.each(strategyNames())('fuzz: %s', (strategy) => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy, redisUrl: redis.url })
  })
  afterAll(() => lab?.close())
  // The none baseline serves everyone: there, only "never 5xx" applies.
  const refusedOr200 = (status: number) =>
    !authenticates(strategy) ? expect(status).toBeLessThan(500) : expect([400, 401, 403, 431]).toContain(status)

  it('never a 5xx or a 2xx for made-up credential headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        credentialHeaders,
        fc.constantFrom('/api/me', '/api/items', '/api/admin/stats'),
        async (headers, path) => {
          refusedOr200((await lab.http('GET', path, { headers })).status)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('never a 2xx for a real credential with one character changed', async () => {
    const { headers } = await login(lab)
    const [name, value] = Object.entries(headers).find(([header]) => header !== 'x-csrf-token') ?? ['authorization', '']
    // Where a change can spell the same credential another way (a percent-escape, the unused bits of
    // a last base64url character) is left alone: that is the issued credential, not a forgery.
    const start =
      name === 'cookie' ? value.indexOf('=s%3A') + '=s%3A'.length : name === 'authorization' ? 'Bearer '.length : 0
    const end = name === 'cookie' ? value.indexOf('.', start) : value.length - 1
    const mutation = fc.tuple(
      fc.integer({ min: start, max: Math.max(start, end - 1) }),
      fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('')),
    )
    await fc.assert(
      fc.asyncProperty(mutation, async ([at, char]) => {
        fc.pre(value[at] !== char)
        const changed = `${value.slice(0, at)}${char}${value.slice(at + 1)}`
        refusedOr200((await lab.http('GET', '/api/me', { headers: { [name]: changed } })).status)
      }),
      { numRuns: authenticates(strategy) ? RUNS : 1 },
    )
  })

  it('answers any login body with 400, 401 or 413, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(loginBody, async (body) => {
        const { status } = await lab.http('POST', '/auth/login', {
          body,
          headers: { 'content-type': 'application/json' },
        })
        expect([400, 401, 413]).toContain(status)
      }),
      { numRuns: RUNS },
    )
  })

  it('still serves a real login afterwards', async () => {
    const { headers } = await login(lab)
    expect((await lab.http('GET', '/health')).status).toBe(200)
    expect((await lab.http('GET', '/api/me', { headers })).status).toBe(200)
  })
})
