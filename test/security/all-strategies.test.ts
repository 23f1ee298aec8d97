import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { ALICE, startLab, type TestLab } from '../support/lab.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

// No credential, wrong scheme, duplicate headers, oversized headers, odd input and credentials in
// the query string are in the attack catalogue (loadtests/attacks, test/attacks.test.ts). This keeps
// what the catalogue does not check: the Retry-After bound of each limiter's window.
describe.each([
  { strategy: 'jwt' as const, store: 'Redis' },
  { strategy: 'none' as const, store: 'memory' },
])('failed logins are rate-limited per client ($store counters)', ({ strategy }) => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({
      strategy,
      redisUrl: redis.url,
      env: { AUTHLAB_LOGIN_MAX_FAILURES: '3', AUTHLAB_LOGIN_WINDOW: '60' },
    })
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
