import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasRedisServer, startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { createRedisHandle } from './redis.js'

const openSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

describe.skipIf(!hasRedisServer())('the Redis handle', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => redis?.stop())

  it('closed while its first connection is still under way, leaves no socket open (a refused start exits)', async () => {
    await settle()
    const before = openSockets()
    // `authlab serve` with a bad secret: the strategy refuses right after the connection began.
    const handle = createRedisHandle(redis.url, 1000, () => {})
    await handle.close()
    await settle()
    expect(openSockets()).toBe(before)
  })

  it('closed once ready, leaves no socket open either', async () => {
    await settle()
    const before = openSockets()
    const handle = createRedisHandle(redis.url, 1000, () => {})
    for (let tries = 0; tries < 50 && !handle.isReady(); tries += 1) await settle()
    await handle.close()
    await settle()
    expect(openSockets()).toBe(before)
  })
})
