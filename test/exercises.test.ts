import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeConsecutivePorts, freePort, startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'

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
          // An exercise listens on PORT and the ports after it (replicas): a free run of a few.
          PORT: String(await freeConsecutivePorts(3)),
          RATE_SECONDS: '1',
        },
      })
      expect(run.stdout).not.toContain('UNEXPECTED')
      expect(run.status, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toMatch(/^ok: /m)
    },
    180_000,
  )

  it('stop with a hint, before any login, when no Redis answers at REDIS_URL', async () => {
    const run = spawnSync('bash', ['docs/exercises/01-jwt-outlives-logout.sh'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, PORT: String(await freePort()) },
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/no Redis answers at redis:\/\/127\.0\.0\.1:\d+; every login needs one/)
    expect(run.stdout).toMatch(/redis-server --daemonize yes|apt-get install -y redis-server/)
    expect(run.stdout).not.toMatch(/^ok: /m)
  }, 60_000)

  it('exercise 8 without Chromium says SKIPPED and why, never ok', async () => {
    const run = spawnSync('bash', ['docs/exercises/08-where-the-credential-lives.sh'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, REDIS_URL: redis.url, AUTHLAB_CHROMIUM: '/nonexistent/chromium' },
    })
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^SKIPPED: exercise 8 needs Chromium at \/nonexistent\/chromium/m)
    expect(run.stdout).not.toMatch(/^ok: /m)
  }, 60_000)
})
