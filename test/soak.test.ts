import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHEAP_SCRYPT_LOG_N } from '../loadtests/runner/lab-servers.js'
import { silentProgress } from '../loadtests/runner/progress.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { parseVariant } from '../loadtests/runner/variants.js'
import { memoryFigures, runSoak } from '../loadtests/soak/soak-run.js'

/**
 * The soak command's machinery on a few seconds of real load: real server processes, a private
 * Redis. What it asserts is what the soak reports (counts, causes, memory figures), never a timing.
 */
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

const env = () => ({ redisUrl: redis.url, keyPrefix: `soak-test-${Date.now()}:`, scryptLogN: CHEAP_SCRYPT_LOG_N })

describe('memoryFigures', () => {
  it('takes medians of the window after warm-up and of the last 30 s', () => {
    const readings = [100, 300, 110, 112, 111, 119, 400, 121, 122].map((mib, index) => ({ at: index * 10_000, mib }))
    // Warm-up ends at 20 s: the window 20-50 s holds 110, 112, 111; the last 30 s (60-90 s) 400, 121, 122.
    const figures = memoryFigures(readings, 20_000, 90_000)
    expect(figures).toMatchObject({ start: 100, after_warmup: 111, end: 122 })
    expect(figures.growth_after_warmup_pct).toBeCloseTo(9.9, 1)
  })
})

describe('authlab soak', () => {
  it('reports requests, churn and memory, and no errors on healthy servers', async () => {
    const [jwt, none] = await runSoak(
      [parseVariant('jwt'), parseVariant('none')],
      env(),
      { minutes: 0.2, rate: 40 },
      silentProgress,
    )
    for (const result of [jwt, none]) {
      expect(result?.requests).toBeGreaterThan(100)
      expect(result?.errors).toBe(0)
      expect(result?.error_causes).toEqual({})
      expect(result?.churn_cycles).toBeGreaterThanOrEqual(2)
      expect(result?.rss_mib.end).toBeGreaterThan(10)
      expect(Number.isFinite(result?.rss_mib.growth_after_warmup_pct)).toBe(true)
    }
    expect(jwt?.churn_errors).toEqual([])
    expect(jwt?.heap_mib?.end).toBeGreaterThan(1)
    // The baseline has no admin to ask for its heap.
    expect(none?.heap_mib).toBeNull()
  }, 60_000)

  it('says why requests failed when the store goes away', async () => {
    // Redis goes away 4 s into the soak itself, not 4 s after the test began: on a busy machine the
    // server may take longer than that to start, and its first login must still find the store.
    let stopping: Promise<void> = Promise.resolve()
    const stopRedisDuringSoak = {
      ...silentProgress,
      step(label: string) {
        if (label.startsWith('soaking'))
          stopping = new Promise<void>((resolve) => setTimeout(() => void redis.stop().then(resolve), 4_000))
      },
    }
    const [session] = await runSoak([parseVariant('session')], env(), { minutes: 0.2, rate: 40 }, stopRedisDuringSoak)
    await stopping
    redis = await startRedisServer()
    expect(session?.errors).toBeGreaterThan(0)
    // Fail closed: the session store is down, so the server says so instead of serving.
    expect(Object.keys(session?.error_causes ?? {})).toContain('503 ERR_STORE_UNAVAILABLE')
    expect(session?.first_errors[0]).toMatchObject({ status: 503, cause: 'ERR_STORE_UNAVAILABLE' })
  }, 60_000)
})
