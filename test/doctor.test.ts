import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'

/** npm run doctor: a Redis that is installed but not running is named, with the command to start it. */
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

const doctor = (redisUrl: string) =>
  spawnSync('node', ['bin/doctor.js'], { encoding: 'utf8', env: { ...process.env, REDIS_URL: redisUrl } }).stdout

describe('npm run doctor', () => {
  it('says ok when a Redis answers at REDIS_URL', () => {
    expect(doctor(redis.url)).toMatch(/^ok +a Redis answering at redis:\/\/.+ \(REDIS_URL\)$/m)
  })

  it('names a Redis that is installed but not running, and how to start it', async () => {
    // redis-server is installed here: the test set-up starts one from it.
    const port = await freePort()
    const out = doctor(`redis://127.0.0.1:${port}`)
    expect(out).toMatch(
      new RegExp(
        `^MISSING a Redis answering at redis://127\\.0\\.0\\.1:${port} \\(REDIS_URL\\): redis-server is installed but not running`,
        'm',
      ),
    )
    expect(out).toContain(`redis-server --daemonize yes --port ${port}`)
  })
})
