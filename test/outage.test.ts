import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALICE } from '../servers/core/demo-data.js'
import type { StrategyName, VariantOptions } from '../servers/core/strategy.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { credentialHeaders, login, startLab, type TestLab } from './support/lab.js'

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

/**
 * A stalled Redis is worse than a dead one: the connection stays up, commands are written and
 * never answered (SIGSTOP freezes the process; the kernel still accepts bytes for it). Every store
 * call must still give up after AUTHLAB_STORE_TIMEOUT_MS, and a watchdog must notice the silence
 * and mark the server degraded, until the store answers again.
 */
describe('Redis stall (SIGSTOP, then SIGCONT)', () => {
  let redis: RedisServer
  let pid = 0
  const labs: TestLab[] = []
  const signal = (name: 'SIGSTOP' | 'SIGCONT') => pid > 0 && process.kill(pid, name)
  beforeAll(async () => {
    redis = await startRedisServer()
    const admin = createClient({ url: redis.url })
    await admin.connect()
    pid = Number(/process_id:(\d+)/.exec(await admin.info('server'))?.[1])
    await admin.close()
    const env = { AUTHLAB_STORE_TIMEOUT_MS: '500' }
    for (const variant of NEEDS_REDIS_PER_REQUEST) labs.push(await startLab({ ...variant, redisUrl: redis.url, env }))
  })
  afterAll(async () => {
    signal('SIGCONT')
    await Promise.all(labs.map((lab) => lab.close()))
    await redis?.stop()
  })

  it(
    'answers 503 instead of hanging, lets nothing through, and recovers after SIGCONT',
    { timeout: 60_000 },
    async () => {
      const live = await Promise.all(labs.map((lab) => login(lab)))
      const revoked = await Promise.all(labs.map((lab) => login(lab)))
      for (const [index, lab] of labs.entries()) {
        const { headers } = revoked[index] as (typeof revoked)[number]
        expect((await lab.http('POST', '/auth/logout', { headers })).status).toBe(204)
      }
      // A request that hangs fails the test here (the client gives up after 10 s), it does not wait.
      const timeoutMs = 10_000
      signal('SIGSTOP')
      try {
        for (const [index, lab] of labs.entries()) {
          for (const { headers } of [live[index], revoked[index]] as (typeof live)[number][]) {
            const answers = await Promise.all(
              Array.from({ length: 5 }, () => lab.http('GET', '/api/me', { headers, timeoutMs })),
            )
            for (const me of answers) {
              expect(me.status).toBe(503)
              expect(me.json.code).toBe('ERR_STORE_UNAVAILABLE')
            }
          }
          const body = { username: 'alice', password: 'wonderland' }
          expect((await lab.http('POST', '/auth/login', { body, timeoutMs })).status).toBe(503)
          const logout = await lab.http('POST', '/auth/logout', { headers: live[index]?.headers, timeoutMs })
          expect(logout.status).toBe(503)
          let health = await lab.http('GET', '/health', { timeoutMs })
          for (let attempt = 0; attempt < 100 && health.status === 200; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, 50))
            health = await lab.http('GET', '/health', { timeoutMs })
          }
          expect(health.status).toBe(503)
          expect(health.json.status).toBe('degraded')
        }
      } finally {
        signal('SIGCONT')
      }
      for (const [index, lab] of labs.entries()) {
        await waitUntilHealthy(lab)
        // The live credential's logout answered 503, yet its write may still land once Redis wakes
        // up (it was already on the wire): only the revoked one has a certain answer here.
        expect((await lab.http('GET', '/api/me', { headers: revoked[index]?.headers })).status).toBe(401)
        const fresh = credentialHeaders((await login(lab)).response)
        expect((await lab.http('GET', '/api/me', { headers: fresh })).status).toBe(200)
      }
    },
  )

  // A read that failed in a stall must not log its user out: express-session's `unset: 'destroy'`
  // used to queue a DEL of the session behind the frozen store, run as soon as it woke up.
  it('keeps a credential that was only read during the stall', { timeout: 60_000 }, async () => {
    const reader = await Promise.all(labs.map((lab) => login(lab)))
    signal('SIGSTOP')
    try {
      for (const [index, lab] of labs.entries()) {
        const me = await lab.http('GET', '/api/me', { headers: reader[index]?.headers, timeoutMs: 10_000 })
        expect(me.status).toBe(503)
      }
    } finally {
      signal('SIGCONT')
    }
    for (const [index, lab] of labs.entries()) {
      await waitUntilHealthy(lab)
      expect((await lab.http('GET', '/api/me', { headers: reader[index]?.headers })).status, lab.url).toBe(200)
    }
  })
})
