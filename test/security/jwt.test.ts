import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { flipByte, forgeJwt, jwtClaims, knownJwtKeys, nowSeconds } from '../support/forge.js'
import { login, startLab, type TestLab } from '../support/lab.js'

/** RFC 8725 (JWT BCP) and what SECURITY.md found jsonwebtoken leaves to the application. */
const keys = knownJwtKeys()
const HS = { alg: 'HS256', secret: keys.secret } as const
const AT = { alg: 'HS256', typ: 'at+jwt' }
let redis: RedisServer
let hs256: TestLab
let rs256: TestLab
let es256: TestLab

beforeAll(async () => {
  redis = await startRedisServer()
  ;[hs256, rs256, es256] = await Promise.all([
    startLab({ strategy: 'jwt', options: { revocation: 'refresh' }, redisUrl: redis.url, env: keys.env }),
    startLab({ strategy: 'jwt', options: { alg: 'RS256' }, redisUrl: redis.url, env: keys.rsaEnv }),
    startLab({ strategy: 'jwt', options: { alg: 'ES256' }, redisUrl: redis.url, env: keys.ecEnv }),
  ])
})
afterAll(async () => {
  await Promise.all([hs256?.close(), rs256?.close(), es256?.close()])
  await redis?.stop()
})

const statusOf = async (lab: TestLab, token: string) =>
  (await lab.http('GET', '/api/me', { headers: { authorization: `Bearer ${token}` } })).status
const codeOf = async (lab: TestLab, token: string) =>
  (await lab.http('GET', '/api/me', { headers: { authorization: `Bearer ${token}` } })).json?.code

describe('jwt: forged and altered tokens', () => {
  it('accepts a token built by the test with the server key (so the negatives below mean something)', async () => {
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims(), HS))).toBe(200)
    expect(await statusOf(rs256, forgeJwt({ alg: 'RS256', typ: 'at+jwt' }, jwtClaims(), { alg: 'RS256', key: keys.rsa.privateKey }))).toBe(200)
    expect(await statusOf(es256, forgeJwt({ alg: 'ES256', typ: 'at+jwt' }, jwtClaims(), { alg: 'ES256', key: keys.ec.privateKey }))).toBe(200)
  })

  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg "%s", with and without a signature', async (alg) => {
    const header = { alg, typ: 'at+jwt' }
    for (const lab of [hs256, rs256]) {
      expect(await statusOf(lab, forgeJwt(header, jwtClaims(), { alg: 'none' }))).toBe(401)
      expect(await statusOf(lab, forgeJwt(header, jwtClaims(), HS))).toBe(401)
    }
  })

  it('refuses HS256 signed with the RS256 public key (key confusion)', async () => {
    const publicPem = keys.rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(await statusOf(rs256, forgeJwt(AT, jwtClaims(), { alg: 'HS256', secret: publicPem }))).toBe(401)
  })

  it('refuses an ES256 signature with r = s = 0 (CVE-2022-21449 class)', async () => {
    const zero = Buffer.alloc(64).toString('base64url')
    expect(await statusOf(es256, forgeJwt({ alg: 'ES256', typ: 'at+jwt' }, jwtClaims(), { alg: 'none' }, zero))).toBe(401)
  })

  it('refuses a stripped or altered signature and a tampered payload', async () => {
    const [header, payload, signature] = forgeJwt(AT, jwtClaims(), HS).split('.') as [string, string, string]
    expect(await statusOf(hs256, `${header}.${payload}.`)).toBe(401)
    expect(await statusOf(hs256, `${header}.${payload}`)).toBe(401)
    expect(await statusOf(hs256, `${header}.${payload}.${flipByte(signature, 5)}`)).toBe(401)
    const promoted = Buffer.from(JSON.stringify({ ...jwtClaims(), roles: ['user', 'admin'] })).toString('base64url')
    expect(await statusOf(hs256, `${header}.${promoted}.${signature}`)).toBe(401)
  })

  it('refuses a token signed with another secret', async () => {
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims(), { alg: 'HS256', secret: Buffer.alloc(32, 7) }))).toBe(401)
  })
})

describe('jwt: claims the library leaves to us', () => {
  it('checks exp and nbf with a 30 s tolerance, on both sides of it', async () => {
    const now = nowSeconds()
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ iat: now - 100, exp: now - 10 }), HS))).toBe(200)
    expect(await codeOf(hs256, forgeJwt(AT, jwtClaims({ iat: now - 100, exp: now - 31 }), HS))).toBe('ERR_AUTH_EXPIRED')
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ nbf: now + 10 }), HS))).toBe(200)
    expect(await codeOf(hs256, forgeJwt(AT, jwtClaims({ nbf: now + 31 }), HS))).toBe('ERR_AUTH_NOT_YET_VALID')
  })

  it('refuses a missing or non-numeric exp, and an iat in the future', async () => {
    const { exp: _exp, ...withoutExp } = jwtClaims()
    expect(await statusOf(hs256, forgeJwt(AT, withoutExp, HS))).toBe(401)
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ exp: String(nowSeconds() + 300) }), HS))).toBe(401)
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 }), HS))).toBe(401)
  })

  it('refuses a wrong issuer or audience', async () => {
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ iss: 'evil' }), HS))).toBe(401)
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ aud: 'another-api' }), HS))).toBe(401)
  })

  it('refuses another kind of token: no typ, typ JWT, a refresh token', async () => {
    expect(await statusOf(hs256, forgeJwt({ alg: 'HS256' }, jwtClaims(), HS))).toBe(401)
    expect(await statusOf(hs256, forgeJwt({ alg: 'HS256', typ: 'JWT' }, jwtClaims(), HS))).toBe(401)
    const { response } = await login(hs256)
    expect(await statusOf(hs256, response.json.access_token)).toBe(200)
    expect(await statusOf(hs256, response.json.refresh_token)).toBe(401)
  })

  it('refuses an unknown crit extension and claims of the wrong shape', async () => {
    expect(await statusOf(hs256, forgeJwt({ ...AT, crit: ['exp'] }, jwtClaims(), HS))).toBe(401)
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ roles: 'admin' }), HS))).toBe(401)
    expect(await statusOf(hs256, forgeJwt(AT, jwtClaims({ sub: 42 }), HS))).toBe(401)
  })

  it('answers every garbage token with 401, never 500', async () => {
    for (const token of ['a', 'a.b', 'a.b.c', '..', 'eyJhbGciOiJIUzI1NiJ9.eyJ.', `${'A'.repeat(5000)}`, '!!!.@@@.###']) {
      expect(await statusOf(hs256, token)).toBe(401)
    }
  })
})
