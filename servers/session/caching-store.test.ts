import { RedisStore } from 'connect-redis'
import type { SessionData } from 'express-session'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasRedisServer, startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { createCredentialCache } from '../core/credential-cache.js'
import { CachingStore, type CachedSession } from './caching-store.js'

const session = (maxAgeSeconds: number) =>
  ({
    cookie: { originalMaxAge: maxAgeSeconds * 1000, expires: new Date(Date.now() + maxAgeSeconds * 1000) },
    username: 'alice',
    roles: ['user'],
    csrfToken: 'token',
  }) as unknown as SessionData

describe.skipIf(!hasRedisServer())('the caching session store', () => {
  let redis: RedisServer
  let client: ReturnType<typeof createClient>
  beforeAll(async () => {
    redis = await startRedisServer()
    client = await createClient({ url: redis.url }).connect()
  })
  afterAll(async () => {
    await client?.close()
    await redis?.stop()
  })

  // express-session ends a response one way when the store has touch() and another when it has not:
  // a cache that hid its store's touch sent its variant down a path its parent never takes, and the
  // two no longer did the same work apart from the lookup (the hot read measured it: issue 24).
  it("forwards touch to the store behind it, so a request ends as it does on the store's own", async () => {
    const inner = new RedisStore({ client, prefix: 'sess:', ttl: 60 })
    const cache = await createCredentialCache<CachedSession>({ ttlMs: 1000, invalidation: 'none' }, undefined, 'x')
    const store = new CachingStore(inner, cache)
    await new Promise<void>((resolve, reject) => inner.set('sid', session(60), (e) => (e ? reject(e) : resolve())))

    expect(typeof store.touch).toBe('function')
    await new Promise<void>((resolve, reject) => store.touch('sid', session(3600), (e) => (e ? reject(e) : resolve())))
    expect(await client.ttl('sess:sid')).toBeGreaterThan(60)
  })
})
