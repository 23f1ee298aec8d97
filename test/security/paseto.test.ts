import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { flipByte, knownPasetoKey, pasetoClaims } from '../support/forge.js'
import { login, startLab, type TestLab } from '../support/lab.js'

let redis: RedisServer
let lab: TestLab
let key: Awaited<ReturnType<typeof knownPasetoKey>>

beforeAll(async () => {
  redis = await startRedisServer()
  key = await knownPasetoKey()
  lab = await startLab({ strategy: 'paseto', options: { revocation: 'refresh' }, redisUrl: redis.url, env: key.env })
})
afterAll(async () => {
  await lab?.close()
  await redis?.stop()
})

const answer = (token: string) => lab.http('GET', '/api/me', { headers: { authorization: `Bearer ${token}` } })
const statusOf = async (token: string) => (await answer(token)).status
const iso = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString()

describe('paseto v4.public: forged and altered tokens', () => {
  it('accepts a token the test signs with the server key (so the negatives below mean something)', async () => {
    expect(await statusOf(await key.sign(pasetoClaims()))).toBe(200)
  })

  it('refuses a flipped byte in the body or in the signature', async () => {
    const token = await key.sign(pasetoClaims())
    const body = token.slice('v4.public.'.length)
    expect(await statusOf(`v4.public.${flipByte(body, 3)}`)).toBe(401)
    expect(await statusOf(`v4.public.${flipByte(body, -3)}`)).toBe(401)
  })

  it('refuses a token of another version or purpose', async () => {
    const body = (await key.sign(pasetoClaims())).slice('v4.public.'.length)
    for (const prefix of ['v4.local.', 'v3.public.', 'v3.local.', 'v2.public.', 'v1.public.']) {
      expect(await statusOf(`${prefix}${body}`)).toBe(401)
    }
  })

  it('refuses a token with a footer, and one signed by another key', async () => {
    expect(await statusOf(await key.sign(pasetoClaims(), '{"kid":"attacker"}'))).toBe(401)
    const other = await knownPasetoKey()
    expect(await statusOf(await other.sign(pasetoClaims()))).toBe(401)
  })

  it('checks exp and nbf with a 30 s tolerance, on both sides of it', async () => {
    expect(await statusOf(await key.sign(pasetoClaims({ iat: iso(-100), exp: iso(-10) })))).toBe(200)
    expect((await answer(await key.sign(pasetoClaims({ iat: iso(-100), exp: iso(-31) })))).json.code).toBe('ERR_AUTH_EXPIRED')
    expect(await statusOf(await key.sign(pasetoClaims({ nbf: iso(10) })))).toBe(200)
    expect((await answer(await key.sign(pasetoClaims({ nbf: iso(31) })))).json.code).toBe('ERR_AUTH_NOT_YET_VALID')
  })

  it('refuses a wrong issuer, a wrong audience and a missing exp', async () => {
    expect(await statusOf(await key.sign(pasetoClaims({ iss: 'evil' })))).toBe(401)
    expect(await statusOf(await key.sign(pasetoClaims({ aud: 'another-api' })))).toBe(401)
    const { exp: _exp, ...withoutExp } = pasetoClaims()
    expect(await statusOf(await key.sign(withoutExp))).toBe(401)
  })

  it('refuses a refresh token used as an access token', async () => {
    expect(await statusOf(await key.sign(pasetoClaims({ token_use: 'refresh' })))).toBe(401)
    const { response } = await login(lab)
    expect(await statusOf(response.json.access_token)).toBe(200)
    expect(await statusOf(response.json.refresh_token)).toBe(401)
  })
})
