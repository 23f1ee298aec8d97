import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StrategyName } from '../../servers/core/strategy.js'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { ALICE, login, startLab, type TestLab } from '../support/lab.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

const AUTHENTICATED: readonly StrategyName[] = ['jwt', 'session', 'apikey', 'paseto']

describe.each(AUTHENTICATED)('every strategy refuses the same tricks: %s', (strategy) => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy, redisUrl: redis.url })
  })
  afterAll(() => lab?.close())

  it('refuses no credential, a wrong scheme and a credential in the wrong place', async () => {
    const { response, headers } = await login(lab)
    const secret = (response.json.access_token ?? response.json.api_key ?? 'x') as string
    expect((await lab.http('GET', '/api/me')).status).toBe(401)
    expect((await lab.http('GET', '/api/me', { headers: { authorization: `Basic ${Buffer.from('alice:wonderland').toString('base64')}` } })).status).toBe(401)
    expect((await lab.http('GET', '/api/me', { headers: { authorization: `Token ${secret}` } })).status).toBe(401)
    expect((await lab.http('GET', `/api/me?access_token=${encodeURIComponent(secret)}`, { headers })).status).toBe(401)
  })

  it('refuses two Authorization (or two X-API-Key) headers, even if one is valid', async () => {
    const { headers } = await login(lab)
    const [name, value] = Object.entries(headers)[0] as [string, string]
    // A cookie session reads no Authorization header, but two of them are refused there too.
    const doubled = name === 'cookie' ? { ...headers, authorization: ['Bearer a', 'Bearer b'] } : { [name]: [value, value] }
    expect((await lab.http('GET', '/api/me', { headers })).status).toBe(200)
    expect((await lab.http('GET', '/api/me', { headers: doubled })).status).toBe(401)
  })

  it('survives a 20 KB header (Node answers 431) and keeps serving', async () => {
    const { headers } = await login(lab)
    const response = await lab.http('GET', '/api/me', { headers: { ...headers, 'x-padding': 'a'.repeat(20 * 1024) } })
    expect(response.status).toBe(431)
    expect((await lab.http('GET', '/api/me', { headers })).status).toBe(200)
  })

  it('never answers 500 to odd input, and never leaks a stack or a library message', async () => {
    const odd: Record<string, string>[] = [
      { authorization: 'Bearer' },
      { authorization: 'Bearer  two  spaces' },
      { authorization: `Bearer ${'\u00ff'.repeat(10)}` },
      { 'x-api-key': 'authlab_' },
      { cookie: 'authlab.sid=%E0%A4%A' },
      { cookie: 'authlab.sid=s%3A.' },
    ]
    for (const headers of odd) {
      const response = await lab.http('GET', '/api/me', { headers })
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.status).toBeLessThan(500)
      expect(response.text).not.toMatch(/at \w+ \(|node_modules|Error:/)
    }
  })
})

describe.each([
  { strategy: 'jwt' as const, store: 'Redis' },
  { strategy: 'none' as const, store: 'memory' },
])('failed logins are rate-limited per client ($store counters)', ({ strategy }) => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy, redisUrl: redis.url, env: { AUTHLAB_LOGIN_MAX_FAILURES: '3', AUTHLAB_LOGIN_WINDOW: '60' } })
  })
  afterAll(() => lab?.close())

  it('answers 429 with Retry-After after the limit, even to the right password', async () => {
    expect((await lab.http('POST', '/auth/login', { body: ALICE })).status).toBe(200)
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await lab.http('POST', '/auth/login', { body: { ...ALICE, password: 'guess' } })).status).toBe(401)
    }
    const locked = await lab.http('POST', '/auth/login', { body: ALICE })
    expect(locked.status).toBe(429)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60)
    expect(locked.json.code).toBe('ERR_TOO_MANY_LOGINS')
  })
})
