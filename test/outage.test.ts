import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALICE } from '../servers/core/demo-data.js'
import type { StrategyName, VariantOptions } from '../servers/core/strategy.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { login, startLab, type TestLab } from './support/lab.js'

/**
 * Fail closed: while Redis is down, whatever needs it answers 503 and nothing is let through
 * unchecked; the process stays up and recovers by itself when Redis is back.
 */
const NEEDS_REDIS_PER_REQUEST: readonly { strategy: StrategyName; options?: VariantOptions }[] = [
  { strategy: 'session' },
  { strategy: 'apikey' },
  { strategy: 'jwt', options: { revocation: 'denylist' } },
  { strategy: 'paseto', options: { revocation: 'denylist' } },
]

async function waitUntilHealthy(lab: TestLab): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await lab.http('GET', '/health')).status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the server did not become healthy again')
}

describe('Redis outage', () => {
  let redis: RedisServer
  const labs: TestLab[] = []
  beforeAll(async () => {
    redis = await startRedisServer()
    for (const variant of NEEDS_REDIS_PER_REQUEST) labs.push(await startLab({ ...variant, redisUrl: redis.url }))
    labs.push(await startLab({ strategy: 'jwt', redisUrl: redis.url }))
  })
  afterAll(async () => {
    await Promise.all(labs.map((lab) => lab.close()))
    await redis?.stop()
  })

  it('answers 503 while Redis is down, stays up, and serves again when it returns', async () => {
    const statelessJwt = labs.at(-1) as TestLab
    const credentials = await Promise.all(labs.map((lab) => login(lab)))

    await redis.stop()
    for (const [index, lab] of labs.entries()) {
      const { headers } = credentials[index] as (typeof credentials)[number]
      // With the credential: a session cookie must not make /health touch the store.
      const health = await lab.http('GET', '/health', { headers })
      expect(health.status).toBe(503)
      expect(health.json.status).toBe('degraded')
      expect((await lab.http('POST', '/auth/login', { body: ALICE })).status).toBe(503)
      const me = await lab.http('GET', '/api/me', { headers })
      if (lab === statelessJwt) {
        // A stateless token needs no store to be checked: it keeps working. That is its selling point.
        expect(me.status).toBe(200)
      } else {
        expect(me.status).toBe(503)
        expect(me.headers['content-type']).toMatch(/^application\/problem\+json/)
        expect(me.json.code).toBe('ERR_STORE_UNAVAILABLE')
      }
    }

    await redis.start() // empty: sessions and keys issued before are gone, as after a real flush
    for (const lab of labs) {
      await waitUntilHealthy(lab)
      const { headers } = await login(lab)
      expect((await lab.http('GET', '/api/me', { headers })).status).toBe(200)
    }
  })
})
