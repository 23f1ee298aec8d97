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

const statusWith = async (cookie: string) => (await lab.http('GET', '/api/me', { headers: { cookie } })).status

describe('session: cookies an attacker can send', () => {
  it('issues an HttpOnly, SameSite=Lax cookie named for the lab, and the id never in the body', async () => {
    const { response } = await login(lab)
    const setCookie = String(response.headers['set-cookie'])
    expect(setCookie).toMatch(/^authlab\.sid=s%3A/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(response.text).not.toContain(decodeURIComponent(sessionCookie(response).split('=')[1] ?? '').slice(2, 20))
  })

  it('refuses a bad signature, an unsigned id and a made-up id', async () => {
    const { response } = await login(lab)
    const cookie = sessionCookie(response)
    expect(await statusWith(cookie)).toBe(200)
    const [id, signature] = decodeURIComponent(cookie.slice('authlab.sid='.length)).split('.') as [string, string]
    const forgedSignature = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`
    expect(await statusWith(`authlab.sid=${encodeURIComponent(`${id}.${forgedSignature}`)}`)).toBe(401)
    expect(await statusWith(`authlab.sid=${id.slice(2)}`)).toBe(401)
    expect(await statusWith(`authlab.sid=${encodeURIComponent('s:made-up-session-id.c2lnbmF0dXJl')}`)).toBe(401)
    expect(await statusWith(`authlab.sid=${'x'.repeat(5000)}`)).toBe(401)
  })

  it('gives a new id at login, so an id planted before login is useless (fixation)', async () => {
    const planted = sessionCookie((await login(lab)).response)
    const relogin = await lab.http('POST', '/auth/login', { headers: { cookie: planted }, body: { username: 'alice', password: 'wonderland' } })
    expect(relogin.status).toBe(200)
    const fresh = sessionCookie(relogin)
    expect(fresh).not.toBe(planted)
    expect(await statusWith(planted)).toBe(401)
    expect(await statusWith(fresh)).toBe(200)
  })

  it('refuses the id after logout', async () => {
    const { headers } = await login(lab)
    expect((await lab.http('POST', '/auth/logout', { headers })).status).toBe(204)
    expect(await statusWith(headers.cookie ?? '')).toBe(401)
  })
})

describe('session: cross-site requests (CSRF)', () => {
  it.each(['/auth/logout', '/auth/revoke-all'])('refuses %s without the token, with a wrong one, or from another site', async (path) => {
    const { headers } = await login(lab)
    const { cookie } = headers
    const tries = [
      { cookie },
      { cookie, 'x-csrf-token': 'not-the-token' },
      { ...headers, origin: 'https://evil.example' },
      { ...headers, 'sec-fetch-site': 'cross-site' },
    ]
    for (const tryHeaders of tries) {
      const response = await lab.http('POST', path, { headers: tryHeaders as Record<string, string> })
      expect(response.status).toBe(403)
      expect(response.json.code).toBe('ERR_CSRF')
    }
    // None of those did anything: the session still works, and the right request still logs out.
    expect(await statusWith(cookie ?? '')).toBe(200)
    expect((await lab.http('POST', path, { headers: { ...headers, origin: lab.url, 'sec-fetch-site': 'same-origin' } })).status).toBe(204)
  })
})
