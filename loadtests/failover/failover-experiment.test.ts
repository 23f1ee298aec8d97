import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hasHaproxy } from '../runner/haproxy.js'
import { CHEAP_SCRYPT_LOG_N } from '../runner/lab-servers.js'
import { silentProgress } from '../runner/progress.js'
import { hasSentinel } from '../runner/sentinel-topology.js'
import { parseVariant } from '../runner/variants.js'
import { measureFailover, type FailoverOptions } from './failover-experiment.js'

/**
 * The real thing, small: a primary, a replica behind a lag relay, three sentinels, two server
 * replicas behind HAProxy, paced load, the primary SIGKILLed. Asserts behaviour, never a time.
 */
const OPTIONS: FailoverOptions = {
  replicas: 2,
  durable: [false, true],
  connections: 2,
  ratePerSecond: 40,
  revocationsPerSecond: 20,
  revokeWindowMs: 1000,
  replicationLagMs: 250,
  downAfterMs: 1000,
  afterRecoveryMs: 500,
}
const env = { keyPrefix: `test-${randomUUID()}:`, scryptLogN: CHEAP_SCRYPT_LOG_N }
const missing = [!hasSentinel() && 'redis-sentinel', !hasHaproxy() && 'haproxy'].filter(Boolean)

describe.skipIf(missing.length > 0)(
  `failover behind HAProxy (needs ${missing.join(' and ') || 'nothing missing'})`,
  () => {
    const variant = parseVariant('jwt:revocation=denylist')

    it(
      'fails over, answers 503 meanwhile, and loses acknowledged revocations without WAIT',
      { timeout: 120_000 },
      async () => {
        // A replica a whole second behind: every logout acknowledged in the last second is in the relay
        // when the primary dies (a wide margin, so a busy machine cannot make this pass or fail by luck).
        const run = await measureFailover(variant, false, { ...OPTIONS, replicationLagMs: 1000 }, env, silentProgress)
        expect(run.promoted_after_ms).toBeGreaterThan(0)
        // What the rate asked for is recorded next to what was sent (the table shows both).
        expect(run.requests_due).toBeGreaterThan(0)
        expect(run.window_requests_due).toBeGreaterThan(0)
        expect(run.window_requests_sent).toBeGreaterThan(0)
        expect(run.failed).toBeGreaterThan(0)
        // Stateful answers during the gap are refusals (503 from a server or HAProxy), never a 401 or a 2xx unchecked.
        for (const what of Object.keys(run.failed_by)) expect(what).toMatch(/^(ERR_STORE_UNAVAILABLE|503 )/)
        expect(run.unavailable_ms).not.toBeNull()
        expect(run.revocations_acknowledged).toBeGreaterThan(0)
        // What the old primary acknowledged in its last second never reached the replica: gone.
        expect(run.lost_revocations).toBeGreaterThan(0)
      },
    )

    it('loses no acknowledged revocation with durable revocation (WAIT 1)', { timeout: 120_000 }, async () => {
      // 100 ms behind: WAIT (half the 1 s store timeout) is acknowledged even on a busy machine.
      const run = await measureFailover(variant, true, { ...OPTIONS, replicationLagMs: 100 }, env, silentProgress)
      expect(run.revocations_acknowledged).toBeGreaterThan(0)
      expect(run.lost_revocations).toBe(0)
    })
  },
)
