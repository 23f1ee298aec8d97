import { performance } from 'node:perf_hooks'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasRedisServer, startRedisServer, type RedisServer } from '../runner/redis-server.js'
import { startDelayProxy, type DelayProxy } from './delay-proxy.js'

// A real redis-server behind the real proxy process. The only time asserted is a lower bound the
// proxy itself sets (a round trip through it takes at least the RTT it adds): behaviour, not speed.
describe.skipIf(!hasRedisServer())('delay proxy (its own process, in front of a real Redis)', () => {
  const RTT_MS = 200
  let redis: RedisServer
  let proxy: DelayProxy
  const client = () => createClient({ url: proxy.url })
  beforeAll(async () => {
    redis = await startRedisServer()
    proxy = await startDelayProxy(redis.port, RTT_MS)
  })
  afterAll(async () => {
    await proxy?.stop()
    await redis?.stop()
  })

  it('adds the round-trip time to every request-reply', async () => {
    const redisClient = client()
    await redisClient.connect()
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const sentAt = performance.now()
        expect(await redisClient.ping()).toBe('PONG')
        expect(performance.now() - sentAt).toBeGreaterThanOrEqual(RTT_MS)
      }
    } finally {
      await redisClient.close()
    }
  })

  it('keeps byte order under a large pipelined payload in both directions', async () => {
    const redisClient = client()
    await redisClient.connect()
    try {
      // Values from a few bytes to 256 KiB, thousands of commands in flight at once: any chunk
      // passed on out of order would hand node-redis a reply that belongs to another command.
      const values = Array.from({ length: 3000 }, (_, index) =>
        `${index}:`.padEnd(
          index % 100 === 0 ? 256 * 1024 : 1 + ((index * 37) % 500),
          String.fromCharCode(97 + (index % 26)),
        ),
      )
      await Promise.all(values.map((value, index) => redisClient.set(`order:${index}`, value)))
      const read = await Promise.all(values.map((_value, index) => redisClient.get(`order:${index}`)))
      expect(read.length).toBe(values.length)
      expect(read.every((value, index) => value === values[index])).toBe(true)
      const big = 'x'.repeat(4 * 1024 * 1024)
      await redisClient.set('order:big', big)
      expect(await redisClient.get('order:big')).toBe(big)
    } finally {
      await redisClient.close()
    }
  })
})
