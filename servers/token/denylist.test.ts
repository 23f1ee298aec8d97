import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { createRedisHandle, type RedisHandle } from '../core/redis.js'
import { createDenylist } from './denylist.js'

let redis: RedisServer
let handle: RedisHandle
beforeAll(async () => {
  redis = await startRedisServer()
  handle = createRedisHandle(redis.url, 2000, () => {})
  for (let attempt = 0; attempt < 100 && !handle.isReady(); attempt++) await new Promise((r) => setTimeout(r, 20))
})
afterAll(async () => {
  await handle?.close()
  await redis?.stop()
})

const token = (sub: string, iat: number) => ({
  kind: 'access' as const,
  sub,
  roles: [],
  jti: randomUUID(),
  iat,
  exp: iat + 900,
})

describe('denylist, against a real Redis', () => {
  it('moves "revoked before" only forward: a later-arriving, older revoke-all cannot reopen tokens', async () => {
    const denylist = createDenylist(handle, `test-${randomUUID()}:`, {
      maxTokenLifeSeconds: 900,
      clockToleranceSeconds: 30,
    })
    await denylist.revokeUser('alice', 2000)
    // A second replica whose clock is behind, or a write that was stuck behind a stalled store.
    await denylist.revokeUser('alice', 1000)
    expect(await denylist.isAlive(token('alice', 1500))).toBe(false)
    expect(await denylist.isAlive(token('alice', 2500))).toBe(true)
  })
})
