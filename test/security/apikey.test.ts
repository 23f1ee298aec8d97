import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { login, startLab, type TestLab } from '../support/lab.js'

const WITH_BOB = { AUTHLAB_USERS: 'alice:wonderland:user;bob:builder:user', AUTHLAB_KEY_PREFIX: 'apikey-test:' }
let redis: RedisServer
let lab: TestLab

beforeAll(async () => {
  redis = await startRedisServer()
  lab = await startLab({ strategy: 'apikey', redisUrl: redis.url, env: WITH_BOB })
})
afterAll(async () => {
  await lab?.close()
  await redis?.stop()
})

const statusWith = async (key: string, server = lab) =>
  (await server.http('GET', '/api/me', { headers: { 'x-api-key': key } })).status

// Wrong checksum, truncated, other prefix, revoked and query-string keys are in the attack catalogue.
describe('apikey: what the key store keeps', () => {
  it('issues prefixed keys with 256 random bits, and stores only their hash', async () => {
    const { response } = await login(lab)
    const key = response.json.api_key as string
    expect(key).toMatch(/^authlab_[A-Za-z0-9_-]{60}$/)
    expect(await statusWith(key)).toBe(200)
    const { createClient } = await import('redis')
    const client = createClient({ url: redis.url })
    await client.connect()
    const keys = await client.keys('apikey-test:*')
    const values = await Promise.all(keys.filter((k) => k.includes(':apikey:')).map((k) => client.hGetAll(k)))
    await client.close()
    expect(keys.some((k) => k.includes(key))).toBe(false)
    expect(JSON.stringify(values)).not.toContain(key)
    expect(values.some((value) => value.sub === 'alice')).toBe(true)
  })

  it('refuses the key of a user that no longer exists', async () => {
    const bob = await login(lab, { username: 'bob', password: 'builder' })
    const key = bob.response.json.api_key as string
    expect(await statusWith(key)).toBe(200)
    // The same store, a server restarted without bob: his key is still in Redis, but bob is gone.
    const withoutBob = await startLab({
      strategy: 'apikey',
      redisUrl: redis.url,
      env: { ...WITH_BOB, AUTHLAB_USERS: 'alice:wonderland:user' },
    })
    try {
      expect(await statusWith(key, withoutBob)).toBe(401)
    } finally {
      await withoutBob.close()
    }
  })
})
