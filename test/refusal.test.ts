import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refusedCredentials } from '../loadtests/attacks/refused-credentials.js'
import { keysFor } from '../loadtests/attacks/server-keys.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { parseInfo } from '../loadtests/runner/redis-stats.js'
import { parseVariant } from '../loadtests/runner/variants.js'
import { AuthError } from '../servers/core/errors.js'
import { ADMIN, ALICE, login, startLab, type TestLab } from './support/lab.js'

/**
 * A refused credential must be cheap to refuse (issue 28): no stack captured for an expected auth
 * error (the AuthError, and the library error kept as its cause), the answer written as soon as it
 * is known, and no log line per refused request.
 */
const VARIANTS = ['jwt', 'jwt:alg=ES256', 'paseto', 'apikey', 'session'].map((text) => parseVariant(text))

/** A stack with no frames: the message line alone (V8 with Error.stackTraceLimit = 0), or none. */
const frames = (error: unknown) =>
  error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)) : []

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

describe.each(VARIANTS.map((variant) => ({ variant, id: variant.id })))('refusing on $id', ({ variant }) => {
  let lab: TestLab
  let keys: Awaited<ReturnType<typeof keysFor>>['keys']
  /** What strategy.authenticate threw, request by request. */
  const thrown: unknown[] = []

  beforeAll(async () => {
    const generated = await keysFor(variant)
    keys = generated.keys
    const { env } = generated
    lab = await startLab({ strategy: variant.strategy, options: variant.options, redisUrl: redis.url, env })
    // Wrapped on the live strategy object: the app looks authenticate up on every request.
    const strategy = lab.server.strategy as { authenticate: typeof lab.server.strategy.authenticate }
    const authenticate = strategy.authenticate.bind(strategy)
    strategy.authenticate = async (req) => {
      try {
        return await authenticate(req)
      } catch (error) {
        thrown.push(error)
        throw error
      }
    }
  })
  afterAll(() => lab?.close())

  it('refuses each kind with the same problem+json, and captures no stack on the way', async () => {
    const { headers } = await login(lab)
    const kinds = await refusedCredentials(variant, headers, keys)
    expect(kinds.map((kind) => kind.kind)).toEqual(expect.arrayContaining(['malformed', 'bad-signature']))
    for (const refused of kinds) {
      thrown.length = 0
      const answer = await lab.http('GET', '/api/me', { headers: refused.headers })
      expect(answer.status, refused.kind).toBe(401)
      expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(answer.json).toEqual({
        type: `urn:authlab:problem:${refused.code}`,
        title: refused.code === 'ERR_AUTH_EXPIRED' ? 'Credential expired' : 'Invalid credential',
        status: 401,
        detail: expect.any(String),
        code: refused.code,
      })
      expect(answer.headers['www-authenticate']).toContain('error="invalid_token"')
      // Written straight away: Express's res.json would have hashed the body for an ETag.
      expect(answer.headers.etag).toBeUndefined()
      expect(thrown).toHaveLength(1)
      const [error] = thrown
      expect(error).toBeInstanceOf(AuthError)
      expect(frames(error), `${refused.kind}: ${(error as Error).stack}`).toEqual([])
      expect((error as Error).stack ?? '').not.toContain('\n')
      // jsonwebtoken's own error (kept as the cause for logs) is built without a stack too.
      if (variant.strategy === 'jwt') expect(frames((error as Error).cause)).toEqual([])
    }
  })

  it('counts refusals in one summary line, not one line per request', async () => {
    const [malformed] = await refusedCredentials(variant, (await login(lab)).headers)
    const before = lab.logs.length
    for (let index = 0; index < 5; index++) await lab.http('GET', '/api/me', { headers: malformed?.headers ?? {} })
    expect(lab.logs.slice(before)).toEqual([])
    const { headers } = await login(lab, ADMIN)
    const stats = await lab.http('GET', '/api/admin/stats', { headers })
    expect(stats.json.refused.ERR_AUTH_INVALID).toBeGreaterThanOrEqual(5)
  })
})

describe('the refusal summary line', () => {
  it('is written when the server stops (and once a minute meanwhile)', async () => {
    const lab = await startLab({ strategy: 'jwt' })
    for (let index = 0; index < 3; index++) await lab.http('GET', '/api/me', { headers: { authorization: 'Bearer x' } })
    await lab.http('GET', '/api/me')
    await lab.close()
    const summaries = lab.logs.filter((line) => line.startsWith('refused '))
    expect(summaries).toHaveLength(1)
    expect(summaries[0]).toMatch(/^refused 4 requests in \d+ s: ERR_AUTH_INVALID 3, ERR_AUTH_MISSING 1$/)
  })
})

describe('apikey: what a made-up key costs the store', () => {
  it('a random key with a valid checksum is refused without a Redis lookup; a key tagged with the secret is looked up', async () => {
    const variant = parseVariant('apikey')
    const { env, keys } = await keysFor(variant)
    const lab = await startLab({ strategy: 'apikey', redisUrl: redis.url, env })
    const client = createClient({ url: redis.url })
    await client.connect()
    const lookups = async () =>
      Number(/calls=(\d+)/.exec(parseInfo(await client.info('commandstats')).get('cmdstat_hgetall') ?? '')?.[1] ?? 0)
    try {
      const kinds = await refusedCredentials(variant, (await login(lab)).headers, keys)
      const kind = (name: string) => kinds.find((refused) => refused.kind === name)?.headers ?? {}
      const before = await lookups()
      for (let index = 0; index < 20; index++) {
        expect((await lab.http('GET', '/api/me', { headers: kind('malformed') })).status).toBe(401)
        expect((await lab.http('GET', '/api/me', { headers: kind('bad-signature') })).status).toBe(401)
      }
      expect(await lookups()).toBe(before)
      // The control: a key the server could have issued is looked up, so the counter does count.
      expect((await lab.http('GET', '/api/me', { headers: kind('unknown') })).status).toBe(401)
      expect(await lookups()).toBe(before + 1)
    } finally {
      await client.close()
      await lab.close()
    }
  })
})

describe('session: what a cookie the server did not sign costs', () => {
  it('gets no session at all (express-session never runs for it), while a signed one is looked up', async () => {
    const variant = parseVariant('session')
    const { env, keys } = await keysFor(variant)
    const lab = await startLab({ strategy: 'session', redisUrl: redis.url, env })
    // What authenticate found on the request: a session express-session made (new and empty for a
    // cookie it could not use), or none.
    const sessions: unknown[] = []
    const strategy = lab.server.strategy as { authenticate: typeof lab.server.strategy.authenticate }
    const authenticate = strategy.authenticate.bind(strategy)
    strategy.authenticate = (req) => {
      sessions.push((req as { session?: unknown }).session)
      return authenticate(req)
    }
    try {
      const kinds = await refusedCredentials(variant, (await login(lab)).headers, keys)
      for (const refused of kinds) {
        sessions.length = 0
        expect((await lab.http('GET', '/api/me', { headers: refused.headers })).status, refused.kind).toBe(401)
        // `unknown` is signed with the server's secret: express-session looks it up, and finds nothing.
        if (refused.kind === 'unknown') expect(sessions[0], refused.kind).toBeDefined()
        else expect(sessions, refused.kind).toEqual([undefined])
      }
      sessions.length = 0
      expect((await lab.http('GET', '/api/me')).status).toBe(401)
      expect(sessions).toEqual([undefined])
      // A login with a forged cookie still gets its session, and a cookie that works.
      const forged = kinds.find((refused) => refused.kind === 'bad-signature')?.headers ?? {}
      const fresh = await lab.http('POST', '/auth/login', { headers: forged, body: ALICE })
      expect(fresh.status).toBe(200)
      const cookie = String(fresh.headers['set-cookie']).split(';')[0] ?? ''
      expect((await lab.http('GET', '/api/me', { headers: { cookie } })).status).toBe(200)
    } finally {
      await lab.close()
    }
  })
})
