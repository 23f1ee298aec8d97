import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { startLab, type TestLab } from '../support/lab.js'

/**
 * Forged, altered and wrong-claim tokens (alg none, key confusion, r = s = 0, exp / nbf / iat / iss /
 * aud / typ / crit, tolerance on both sides) are in the attack catalogue (test/attacks.test.ts).
 * This keeps what it does not send: tokens that are not a JWS at all.
 */
let redis: RedisServer
let hs256: TestLab

beforeAll(async () => {
  redis = await startRedisServer()
  hs256 = await startLab({ strategy: 'jwt', redisUrl: redis.url })
})
afterAll(async () => {
  await hs256?.close()
  await redis?.stop()
})

describe('jwt: garbage tokens', () => {
  it('answers every garbage token with 401, never 500', async () => {
    for (const token of [
      'a',
      'a.b',
      'a.b.c',
      '..',
      'eyJhbGciOiJIUzI1NiJ9.eyJ.',
      `${'A'.repeat(5000)}`,
      '!!!.@@@.###',
    ]) {
      expect((await hs256.http('GET', '/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    }
  })
})
