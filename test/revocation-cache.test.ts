import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StrategyName, VariantOptions } from '../servers/core/strategy.js'
import { newPasetoSecretKey } from '../servers/paseto/paseto-strategy.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { login, startLab, type TestLab } from './support/lab.js'

/**
 * Two replicas of one server, sharing one Redis (same key prefix, same secrets), each with an
 * in-process cache in front of Redis. These tests assert what happens, never how fast: they wait
 * for a TTL to pass, or for a pub/sub message to arrive, and then check the answer.
 */
const CACHED: readonly { strategy: StrategyName; options?: VariantOptions }[] = [
  { strategy: 'session' },
  { strategy: 'apikey' },
  { strategy: 'jwt', options: { revocation: 'denylist' } },
  { strategy: 'paseto', options: { revocation: 'denylist' } },
]

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

async function replicas(strategy: StrategyName, options: VariantOptions): Promise<[TestLab, TestLab]> {
  const shared = {
    AUTHLAB_KEY_PREFIX: `replicas-${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('base64'),
    SESSION_SECRETS: randomBytes(32).toString('base64url'),
    APIKEY_SECRETS: randomBytes(32).toString('base64url'),
    PASETO_SECRET_KEY: await newPasetoSecretKey(),
  }
  const start = () => startLab({ strategy, options, redisUrl: redis.url, env: shared })
  return Promise.all([start(), start()])
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return check()
}

describe.each(CACHED)('cache in front of Redis: $strategy', ({ strategy, options = {} }) => {
  it('without invalidation, another replica serves a revoked credential until its cache entry expires', async () => {
    const [a, b] = await replicas(strategy, { ...options, cacheTtl: 2500 })
    try {
      expect((await a.http('GET', '/health')).json.variant).toMatchObject({ cache_ttl_ms: 2500, invalidation: 'none' })
      const { headers } = await login(a)
      expect((await b.http('GET', '/api/me', { headers })).status).toBe(200) // b caches it
      const logout = await a.http('POST', '/auth/logout', { headers })
      expect(logout.headers['auth-revocation']).toBe('deferred; within=3')
      expect((await a.http('GET', '/api/me', { headers })).status).toBe(401) // a forgot it at once
      expect((await b.http('GET', '/api/me', { headers })).status).toBe(200) // b has not heard
      const refused = () => b.http('GET', '/api/me', { headers }).then((response) => response.status === 401)
      expect(await eventually(refused, 5000)).toBe(true) // until the TTL passes
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('with pub/sub invalidation, every replica refuses after logout and after revoke-all', async () => {
    // A TTL far longer than the test: only the pub/sub message can make b refuse in time.
    const [a, b] = await replicas(strategy, { ...options, cacheTtl: 600_000, invalidation: 'pubsub' })
    try {
      for (const route of ['/auth/logout', '/auth/revoke-all']) {
        const { headers } = await login(a)
        expect((await b.http('GET', '/api/me', { headers })).status).toBe(200)
        const revoke = await a.http('POST', route, { headers })
        expect(revoke.status).toBe(204)
        expect(revoke.headers['auth-revocation']).toBe('immediate')
        const refused = () => b.http('GET', '/api/me', { headers }).then((response) => response.status === 401)
        expect(await eventually(refused, 3000)).toBe(true)
      }
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})

describe.each(['session', 'apikey'] as const)('cache never outlives the credential: %s', (strategy) => {
  it('refuses an expired credential even while its cache entry is fresh', async () => {
    const lab = await startLab({
      strategy,
      options: { cacheTtl: 600_000 },
      redisUrl: redis.url,
      env: { AUTHLAB_TOKEN_TTL: '2' },
    })
    try {
      const { headers } = await login(lab)
      expect((await lab.http('GET', '/api/me', { headers })).status).toBe(200) // now cached for 10 minutes
      const refused = () => lab.http('GET', '/api/me', { headers }).then((response) => response.status === 401)
      expect(await eventually(refused, 5000)).toBe(true)
    } finally {
      await lab.close()
    }
  })
})

describe('cache options', () => {
  it('refuse combinations that make no sense, with a message that says why', async () => {
    const refused = (strategy: StrategyName, options: VariantOptions) =>
      startLab({ strategy, options, redisUrl: redis.url })
    await expect(refused('jwt', { cacheTtl: 1000 })).rejects.toThrow(/--revocation denylist/)
    await expect(refused('session', { store: 'memory', cacheTtl: 1000 })).rejects.toThrow(/--store redis/)
    await expect(refused('apikey', { invalidation: 'pubsub' })).rejects.toThrow(/--cache-ttl/)
    await expect(refused('none', { cacheTtl: 1000 })).rejects.toThrow(/does not apply/)
  })
})
