import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strategyEntry } from '../servers/registry.js'
import type { StrategyName, VariantOptions } from '../servers/core/strategy.js'
import { hasSentinel, startSentinelTopology, type SentinelTopology } from '../loadtests/runner/sentinel-topology.js'
import { login, startLab, type TestLab } from './support/lab.js'

/**
 * Servers behind Redis Sentinel: every store consumer (connect-redis, the denylist, refresh
 * families, API keys, the login limiter) works through the Sentinel client, answers 503 while the
 * primary is gone (never an unchecked 2xx), and works again on the promoted replica by itself.
 */
const VARIANTS: readonly { strategy: StrategyName; options?: VariantOptions }[] = [
  { strategy: 'session' },
  { strategy: 'apikey', options: { cacheTtl: 2000, invalidation: 'pubsub' } },
  { strategy: 'jwt', options: { revocation: 'denylist' } },
  { strategy: 'paseto', options: { revocation: 'refresh' } },
]

// A refresh-mode access token lives until it expires (by design): only its refresh family is revoked.
const revokedStatus = ({ strategy, options = {} }: (typeof VARIANTS)[number]) =>
  strategyEntry(strategy).livesUntilExpiry?.(options) ? 200 : 401

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Asks every 50 ms, for up to 10 s, until the answer is 200; returns the last answer. */
async function untilOk<T extends { status: number }>(ask: () => Promise<T>): Promise<T> {
  let answer = await ask()
  for (let attempt = 0; attempt < 200 && answer.status !== 200; attempt++) {
    await pause(50)
    answer = await ask()
  }
  return answer
}

describe.skipIf(!hasSentinel())(
  'Redis Sentinel failover (needs redis-sentinel: apt-get install redis-sentinel)',
  () => {
    let topology: SentinelTopology
    const labs: TestLab[] = []
    beforeAll(async () => {
      topology = await startSentinelTopology({ downAfterMs: 1000, failoverTimeoutMs: 3000 })
      const env = { ...topology.serverEnv, AUTHLAB_STORE_TIMEOUT_MS: '500' }
      for (const variant of VARIANTS) labs.push(await startLab({ ...variant, redisUrl: 'redis://127.0.0.1:1', env }))
    }, 60_000)
    afterAll(async () => {
      await Promise.all(labs.map((lab) => lab.close()))
      await topology?.stop()
    })

    it(
      'fails closed while the primary is gone, and serves from the promoted replica',
      { timeout: 90_000 },
      async () => {
        // Through the sentinels, not REDIS_URL (it points at a closed port): login, use, revoke.
        const live = await Promise.all(labs.map((lab) => login(lab)))
        const revoked = await Promise.all(labs.map((lab) => login(lab)))
        for (const [index, lab] of labs.entries()) {
          expect((await lab.http('GET', '/api/me', { headers: live[index]?.headers })).status).toBe(200)
          expect((await lab.http('POST', '/auth/logout', { headers: revoked[index]?.headers })).status).toBe(204)
          const gone = revokedStatus(VARIANTS[index] as (typeof VARIANTS)[number])
          expect((await lab.http('GET', '/api/me', { headers: revoked[index]?.headers })).status).toBe(gone)
        }
        const oldPrimary = topology.primary.port
        expect(await topology.primaryPort()).toBe(oldPrimary)
        // The revocations must be on the replica before the kill: this test is about the client, not lag.
        await pause(200)

        await topology.primary.crash()
        const promoted = topology.waitForPromotion(oldPrimary, 30_000)
        let settled = false
        void promoted.finally(() => (settled = true)).catch(() => {})
        const seen = new Set<number>()
        // While the sentinels elect and promote: a live credential gets 200 or 503, a revoked one never 2xx.
        while (!settled) {
          for (const [index, lab] of labs.entries()) {
            const me = await lab.http('GET', '/api/me', { headers: live[index]?.headers, timeoutMs: 5000 })
            seen.add(me.status)
            expect([200, 503]).toContain(me.status)
            const gone = await lab.http('GET', '/api/me', { headers: revoked[index]?.headers, timeoutMs: 5000 })
            expect([revokedStatus(VARIANTS[index] as (typeof VARIANTS)[number]), 503]).toContain(gone.status)
          }
          await pause(50)
        }
        expect(await promoted).toBe(topology.replica.port)
        expect(seen.has(503)).toBe(true) // the gap was seen, and answered closed

        // On the new primary, by itself: reads, writes (no READONLY), revocations.
        for (const [index, lab] of labs.entries()) {
          // Healthy again first: a request that needs no store (a refresh-mode token) gets 200 while
          // the watchdog's ping, sent to the old primary, is still overdue and every store call fails
          // at once (a 503 login). It clears on the next ping answered by the new primary.
          expect((await untilOk(() => lab.http('GET', '/health'))).status).toBe(200)
          const me = await untilOk(() => lab.http('GET', '/api/me', { headers: live[index]?.headers }))
          // A session kept its record through the gap: the 503s it got did not destroy it.
          expect(me.status).toBe(200)
          const gone = revokedStatus(VARIANTS[index] as (typeof VARIANTS)[number])
          expect((await lab.http('GET', '/api/me', { headers: revoked[index]?.headers })).status).toBe(gone)
          const fresh = await login(lab)
          expect((await lab.http('GET', '/api/me', { headers: fresh.headers })).status).toBe(200)
          expect((await lab.http('POST', '/auth/logout', { headers: fresh.headers })).status).toBe(204)
          expect((await lab.http('GET', '/api/me', { headers: fresh.headers })).status).toBe(gone)
          expect(lab.logs.some((line) => line.includes(`primary is 127.0.0.1:${topology.replica.port}`))).toBe(true)
        }
      },
    )
  },
)
