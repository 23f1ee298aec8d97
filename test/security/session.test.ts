import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { login, sessionCookie, startLab, type TestLab } from '../support/lab.js'

let redis: RedisServer
let lab: TestLab

beforeAll(async () => {
  redis = await startRedisServer()
  lab = await startLab({ strategy: 'session', redisUrl: redis.url })
})
afterAll(async () => {
  await lab?.close()
  await redis?.stop()
})

// Bad signatures, unsigned and guessed ids, fixation, reuse after logout, oversized cookies and
// CSRF are in the attack catalogue (test/attacks.test.ts). This keeps the cookie's attributes.
describe('session: the cookie it issues', () => {
  it('issues an HttpOnly, SameSite=Lax cookie named for the lab, and the id never in the body', async () => {
    const { response } = await login(lab)
    const setCookie = String(response.headers['set-cookie'])
    expect(setCookie).toMatch(/^authlab\.sid=s%3A/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(response.text).not.toContain(decodeURIComponent(sessionCookie(response).split('=')[1] ?? '').slice(2, 20))
  })
})
