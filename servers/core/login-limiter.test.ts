import { describe, expect, it } from 'vitest'
import { createMemoryLoginLimiter } from './login-limiter.js'

const from = (client: string, username = 'alice') => ({ client, username })

describe('memory login limiter', () => {
  it('locks a client after the limit for the rest of the window, and only that client', async () => {
    let now = 1_000_000
    const limiter = createMemoryLoginLimiter(
      { maxFailures: 2, maxFailuresPerAccount: 100, windowSeconds: 60 },
      () => now,
    )
    expect(await limiter.begin(from('10.0.0.1'))).toBe(0)
    expect(await limiter.begin(from('10.0.0.1'))).toBe(0)
    expect(await limiter.begin(from('10.0.0.1'))).toBe(60)
    expect(await limiter.begin(from('10.0.0.2'))).toBe(0)
    now += 45_000
    expect(await limiter.begin(from('10.0.0.1'))).toBe(15)
    now += 15_000
    expect(await limiter.begin(from('10.0.0.1'))).toBe(0)
  })

  it('locks an account whatever the client, and a success forgives the account but not the client', async () => {
    const limiter = createMemoryLoginLimiter({ maxFailures: 3, maxFailuresPerAccount: 2, windowSeconds: 60 })
    expect(await limiter.begin(from('10.0.0.1'))).toBe(0)
    expect(await limiter.begin(from('10.0.0.2'))).toBe(0)
    expect(await limiter.begin(from('10.0.0.3'))).toBeGreaterThan(0)
    expect(await limiter.begin(from('10.0.0.3', 'bob'))).toBe(0)
    expect(await limiter.begin(from('10.0.0.3', 'bob'))).toBe(0)
    await limiter.succeeded(from('10.0.0.3', 'bob'))
    // bob's own success: his account starts over; 10.0.0.3 gets that one attempt back, no more.
    expect(await limiter.begin(from('10.0.0.3', 'bob'))).toBe(0)
    expect(await limiter.begin(from('10.0.0.3', 'carol'))).toBe(0)
    expect(await limiter.begin(from('10.0.0.3', 'dave'))).toBeGreaterThan(0)
  })
})
