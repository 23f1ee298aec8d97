import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'

/**
 * The workshop exercises in docs/exercises/ are scripts that check their own lesson ("expect …"),
 * so a doc that drifts from the code fails here instead of in front of a class.
 */
const EXERCISES = readdirSync('docs/exercises').filter((name) => /^\d\d-.*\.sh$/.test(name))

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

describe('docs/exercises', () => {
  it('has exercises to run', () => {
    expect(EXERCISES.length).toBeGreaterThanOrEqual(7)
  })

  it.each(EXERCISES)(
    '%s runs and teaches what it says',
    async (name) => {
      const run = spawnSync('bash', [`docs/exercises/${name}`], {
        encoding: 'utf8',
        // Each script starts several servers: on a busy 2-core machine that alone took over 80 s.
        timeout: 170_000,
        // RATE_SECONDS: the exercises that print a measured rate only print it, so 1 s of load will do.
        env: {
          ...process.env,
          REDIS_URL: redis.url,
          AUTHLAB_SCRYPT_LOG_N: '10',
          PORT: String(await freePort()),
          RATE_SECONDS: '1',
        },
      })
      expect(run.stdout).not.toContain('UNEXPECTED')
      expect(run.status, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toMatch(/^ok: /m)
    },
    180_000,
  )
})
