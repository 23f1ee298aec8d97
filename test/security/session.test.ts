import { randomBytes, randomUUID } from 'node:crypto'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { ALICE, login, sessionCookie, startLab, type TestLab } from '../support/lab.js'

let redis: RedisServer
let admin: ReturnType<typeof createClient>
const labs: TestLab[] = []
const start = async (env: Record<string, string> = {}, redisUrl = redis.url) => {
  const lab = await startLab({ strategy: 'session', redisUrl, env })
  labs.push(lab)
  return lab
}

beforeAll(async () => {
  redis = await startRedisServer()
  admin = createClient({ url: redis.url })
  await admin.connect()
})
afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.close()))
  await admin?.close()
  await redis?.stop()
})

const setCookieOf = (headers: Record<string, unknown>) => String(headers['set-cookie'] ?? '')
const me = (lab: TestLab, cookie: string) => lab.http('GET', '/api/me', { headers: { cookie } })

// Bad signatures, unsigned and guessed ids, fixation, reuse after logout, oversized cookies and
// CSRF are in the attack catalogue (test/attacks.test.ts). This keeps the cookie's attributes and
// what needs a store that misbehaves or a server restarted with other users.
describe('session: the cookie it issues', () => {
  it('issues an HttpOnly, SameSite=Lax cookie named for the lab, and the id never in the body', async () => {
    const { response } = await login(await start())
    const setCookie = setCookieOf(response.headers)
    expect(setCookie).toMatch(/^authlab\.sid=s%3A/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(response.text).not.toContain(decodeURIComponent(sessionCookie(response).split('=')[1] ?? '').slice(2, 20))
  })

  it('is a __Host- cookie when Secure: no Domain, Path=/, only over TLS', async () => {
    const lab = await start({ AUTHLAB_SECURE_COOKIES: 'true', AUTHLAB_TRUST_PROXY: '1' })
    const overTls = { 'x-forwarded-proto': 'https' }
    const response = await lab.http('POST', '/auth/login', { body: ALICE, headers: overTls })
    const setCookie = setCookieOf(response.headers)
    expect(setCookie).toMatch(/^__Host-authlab\.sid=s%3A/)
    expect(setCookie).toMatch(/; Secure/i)
    expect(setCookie).toMatch(/; Path=\//)
    expect(setCookie).not.toMatch(/Domain=/i)
    const cookie = setCookie.split(';')[0] ?? ''
    expect((await lab.http('GET', '/api/me', { headers: { cookie, ...overTls } })).status).toBe(200)
    // Logout clears the same cookie it set (same name and attributes, or the browser keeps it).
    const logout = await lab.http('POST', '/auth/logout', {
      headers: { cookie, ...overTls, 'x-csrf-token': response.json.csrf_token as string },
    })
    expect(setCookieOf(logout.headers)).toMatch(/^__Host-authlab\.sid=; Path=\/; Expires=Thu, 01 Jan 1970.*; Secure/i)
  })

  it('refuses a login over plain HTTP when the cookie is Secure, and writes no session', async () => {
    const lab = await start({ AUTHLAB_SECURE_COOKIES: 'true', AUTHLAB_TRUST_PROXY: '1' })
    const sessionsBefore = (await admin.keys('*sess:*')).length
    const response = await lab.http('POST', '/auth/login', { body: ALICE })
    expect(response.status).toBe(403)
    expect(response.json.code).toBe('ERR_HTTPS_REQUIRED')
    expect(setCookieOf(response.headers)).toBe('')
    expect((await admin.keys('*sess:*')).length).toBe(sessionsBefore)
  })

  it('marks protected answers Cache-Control: no-store', async () => {
    const lab = await start()
    const { headers } = await login(lab)
    for (const path of ['/api/me', '/api/items']) {
      expect((await lab.http('GET', path, { headers })).headers['cache-control']).toBe('no-store')
    }
  })
})

describe('session: the user behind it', () => {
  // One store, one key prefix, one signing secret: the same deployment restarted with other users.
  const deployment = {
    AUTHLAB_KEY_PREFIX: `users-change-${randomUUID()}:`,
    SESSION_SECRETS: randomBytes(32).toString('base64url'),
  }

  it('stops working when the user is removed, and loses a role the user lost', async () => {
    const before = await start({ ...deployment, AUTHLAB_USERS: 'bob:builder:user,admin;carol:singer:user' })
    const bob = sessionCookie((await login(before, { username: 'bob', password: 'builder' })).response)
    const carol = sessionCookie((await login(before, { username: 'carol', password: 'singer' })).response)
    expect((await before.http('GET', '/api/admin/stats', { headers: { cookie: bob } })).status).toBe(200)

    const after = await start({ ...deployment, AUTHLAB_USERS: 'bob:builder:user' })
    expect((await me(after, bob)).status).toBe(200)
    expect((await me(after, bob)).json.roles).toEqual(['user'])
    expect((await after.http('GET', '/api/admin/stats', { headers: { cookie: bob } })).status).toBe(403)
    expect((await me(after, carol)).status).toBe(401)
  })
})

describe('session: revoke-all when the store half-fails', () => {
  // A Redis user the server connects as, whose rights the test narrows (ACL) to make one kind of
  // store write fail while the others succeed: a partial failure, for real.
  const password = randomBytes(16).toString('hex')
  const prefix = `acl-${randomUUID()}:`
  const url = () => redis.url.replace('redis://', `redis://lab:${password}@`)
  const grant = (...rules: string[]) =>
    admin.sendCommand(['ACL', 'SETUSER', 'lab', 'reset', 'on', `>${password}`, ...rules])
  const ALL = ['~*', '&*', '+@all']

  it('leaves no session the index does not know, when the index cannot be written', async () => {
    await grant(...ALL, '-sadd')
    const lab = await start({ AUTHLAB_KEY_PREFIX: prefix }, url())
    const refused = await lab.http('POST', '/auth/login', { body: ALICE })
    expect(refused.status).toBe(503)
    const cookie = setCookieOf(refused.headers).split(';')[0] ?? ''
    if (cookie) expect((await me(lab, cookie)).status).toBe(401)
    const stored = await admin.keys(`${prefix}sess:*`)
    const withUser = await Promise.all(stored.map((key) => admin.get(key)))
    expect(withUser.filter((value) => value?.includes('"username"'))).toEqual([])
  })

  it('keeps what it could not destroy findable, so that a retry logs the user out', async () => {
    await grant(...ALL)
    const lab = await start({ AUTHLAB_KEY_PREFIX: `${prefix}2:` }, url())
    const { headers } = await login(lab)
    // Everything but DEL on sessions: destroying a session fails, everything else works.
    await grant(...ALL, '-del', '(~*sessions-of:* ~*login-* +del)')
    expect((await lab.http('POST', '/auth/revoke-all', { headers })).status).toBe(503)
    expect((await me(lab, headers.cookie ?? '')).status).toBe(200)
    await grant(...ALL)
    expect((await lab.http('POST', '/auth/revoke-all', { headers })).status).toBe(204)
    expect((await me(lab, headers.cookie ?? '')).status).toBe(401)
  })
})
