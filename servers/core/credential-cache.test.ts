import { describe, expect, it } from 'vitest'
import { createCredentialCache, parseCacheOptions, revocationWith } from './credential-cache.js'

describe('credential cache (in-process, no pub/sub)', () => {
  it('serves from memory until the TTL passes, then asks the store again', async () => {
    let now = 0
    let loads = 0
    const cache = await createCredentialCache<{ sub: string }>(
      parseCacheOptions(1000, 'none'),
      undefined,
      'c',
      () => now,
    )
    const load = async () => {
      loads += 1
      return { sub: 'alice' }
    }
    await cache.lookup('id-1', load)
    await cache.lookup('id-1', load)
    expect(loads).toBe(1)
    now = 1001
    await cache.lookup('id-1', load)
    expect(loads).toBe(2)
  })

  it('never caches a miss, and forgets by id or by user', async () => {
    const cache = await createCredentialCache<{ sub: string }>(parseCacheOptions(60_000, 'none'), undefined, 'c')
    expect(await cache.lookup('gone', async () => undefined)).toBeUndefined()
    expect(await cache.lookup('gone', async () => ({ sub: 'alice' }))).toEqual({ sub: 'alice' })
    await cache.lookup('b-1', async () => ({ sub: 'bob' }))
    await cache.forgetUser('alice')
    expect(await cache.lookup('gone', async () => undefined)).toBeUndefined()
    expect(await cache.lookup('b-1', async () => undefined)).toEqual({ sub: 'bob' })
    await cache.forget('b-1')
    expect(await cache.lookup('b-1', async () => undefined)).toBeUndefined()
  })

  it('does not cache what a store read returned when a revoke happened while it read', async () => {
    const cache = await createCredentialCache<{ sub: string }>(parseCacheOptions(60_000, 'none'), undefined, 'c')
    let finishRead: (value: { sub: string }) => void = () => {}
    // The read started before the revoke and answers after it, with the credential as it was.
    const racing = cache.lookup('k-1', () => new Promise((resolve) => (finishRead = resolve)))
    await cache.forget('k-1')
    finishRead({ sub: 'alice' })
    expect(await racing).toEqual({ sub: 'alice' })
    // The next request must ask the store again, which now says: revoked.
    expect(await cache.lookup('k-1', async () => undefined)).toBeUndefined()
    // The same for a revoke-all of the user.
    const racingAll = cache.lookup('k-2', () => new Promise((resolve) => (finishRead = resolve)))
    await cache.forgetUser('alice')
    finishRead({ sub: 'alice' })
    await racingAll
    expect(await cache.lookup('k-2', async () => undefined)).toBeUndefined()
  })

  it('says how far a revoke reaches', () => {
    expect(revocationWith(parseCacheOptions(0, undefined))).toEqual({ effect: 'immediate' })
    expect(revocationWith(parseCacheOptions(1500, 'none'))).toEqual({ effect: 'deferred', withinSeconds: 2 })
    expect(revocationWith(parseCacheOptions(1500, 'pubsub'))).toEqual({ effect: 'immediate' })
    expect(() => parseCacheOptions(Number.NaN, undefined)).toThrow(/--cache-ttl/)
  })
})
