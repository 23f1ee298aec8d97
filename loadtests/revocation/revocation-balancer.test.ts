import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REVOCATION_DEFAULTS } from '../defaults.js'
import { hasHaproxy } from '../runner/haproxy.js'
import { CHEAP_SCRYPT_LOG_N } from '../runner/lab-servers.js'
import { silentProgress } from '../runner/progress.js'
import { startRedisServer, type RedisServer } from '../runner/redis-server.js'
import { parseVariant } from '../runner/variants.js'
import { measureRevocation } from './revocation-experiment.js'

/**
 * `authlab revoke --balancer haproxy`: one URL (HAProxy's), yet the windows still come out per
 * replica, because every answer names its replica in X-Authlab-Replica.
 */
describe.skipIf(!hasHaproxy())('revocation through HAProxy (needs haproxy)', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('tells the replicas apart by their header and measures each one', { timeout: 90_000 }, async () => {
    const env = { redisUrl: redis.url, keyPrefix: `test-${randomUUID()}:`, scryptLogN: CHEAP_SCRYPT_LOG_N }
    const options = {
      ...REVOCATION_DEFAULTS,
      ratePerSecond: 100,
      kinds: ['logout' as const],
      balancer: 'haproxy' as const,
    }
    const [run] = await measureRevocation(parseVariant('jwt:revocation=denylist'), env, options, silentProgress)
    expect(run?.replicas).toHaveLength(2)
    const answeredBy = new Set(run?.requests.replica)
    expect(answeredBy.has(0) && answeredBy.has(1)).toBe(true) // HAProxy spread the load over both
    // Every HTTP answer named its replica; only a network error (status 0) could not.
    run?.requests.status.forEach((status, index) => {
      if (status !== 0) expect(run.requests.replica[index]).toBeGreaterThanOrEqual(0)
    })
    for (const replica of run?.replicas ?? []) expect(replica.requests_after_revoke).toBeGreaterThan(0)
    expect(run?.revoke_status).toBe(204)
  })
})
