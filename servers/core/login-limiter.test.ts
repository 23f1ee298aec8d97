import { describe, expect, it } from 'vitest'
import { createMemoryLoginLimiter } from './login-limiter.js'

describe('memory login limiter', () => {
  it('locks a client after the limit for the rest of the window, and only that client', async () => {
    let now = 1_000_000
    const limiter = createMemoryLoginLimiter({ maxFailures: 2, windowSeconds: 60 }, () => now)
    await limiter.recordFailure('10.0.0.1')
    expect(await limiter.retryAfter('10.0.0.1')).toBe(0)
    await limiter.recordFailure('10.0.0.1')
    expect(await limiter.retryAfter('10.0.0.1')).toBe(60)
    expect(await limiter.retryAfter('10.0.0.2')).toBe(0)
    now += 45_000
    expect(await limiter.retryAfter('10.0.0.1')).toBe(15)
    now += 15_000
    expect(await limiter.retryAfter('10.0.0.1')).toBe(0)
  })
})
