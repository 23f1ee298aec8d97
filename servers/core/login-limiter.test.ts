import { describe, expect, it } from 'vitest'
import { createMemoryLoginLimiter, type LoginLimiter, type LoginOutcome } from './login-limiter.js'

let ids = 0
const from = (client: string, username = 'alice') => ({ id: String((ids += 1)), client, username })
const GO = { verdict: 'go' }
const BUSY = { verdict: 'busy' }
const locked = (retryAfterSeconds: number) => ({ verdict: 'locked', retryAfterSeconds })

/** One whole attempt: begun, hashed, ended with `outcome`. */
async function attempt(limiter: LoginLimiter, client: string, outcome: LoginOutcome, username = 'alice') {
  const one = from(client, username)
  const decision = await limiter.begin(one)
  if (decision.verdict === 'go') await limiter.end(one, outcome)
  return decision
}

describe('memory login limiter', () => {
  it('locks a client after the limit of failures for the rest of the window, and only that client', async () => {
    let now = 1_000_000
    const limiter = createMemoryLoginLimiter(
      { maxFailures: 2, maxFailuresPerAccount: 100, windowSeconds: 60 },
      () => now,
    )
    expect(await attempt(limiter, '10.0.0.1', 'failed')).toEqual(GO)
    expect(await attempt(limiter, '10.0.0.1', 'failed')).toEqual(GO)
    expect(await attempt(limiter, '10.0.0.1', 'succeeded')).toEqual(locked(60))
    expect(await attempt(limiter, '10.0.0.2', 'failed')).toEqual(GO)
    now += 45_000
    expect(await limiter.begin(from('10.0.0.1'))).toEqual(locked(15))
    now += 15_000
    expect(await limiter.begin(from('10.0.0.1'))).toEqual(GO)
  })

  it('counts attempts in flight against the limit, as busy (503), never as failures (429)', async () => {
    const limiter = createMemoryLoginLimiter({ maxFailures: 3, maxFailuresPerAccount: 100, windowSeconds: 60 })
    const inFlight = [from('10.0.0.1'), from('10.0.0.1'), from('10.0.0.1')]
    for (const one of inFlight) expect(await limiter.begin(one)).toEqual(GO)
    // Three hashes running: a fourth would let a burst of guesses past the limit. Busy, not locked.
    expect(await limiter.begin(from('10.0.0.1'))).toEqual(BUSY)
    // All three had the right password: nothing failed, the client may go on.
    for (const one of inFlight) await limiter.end(one, 'succeeded')
    expect(await attempt(limiter, '10.0.0.1', 'failed')).toEqual(GO)
    // One failure and two in flight fill the limit of three: busy again until they end.
    const two = [from('10.0.0.1'), from('10.0.0.1')]
    for (const one of two) expect(await limiter.begin(one)).toEqual(GO)
    expect(await limiter.begin(from('10.0.0.1'))).toEqual(BUSY)
    for (const one of two) await limiter.end(one, 'failed')
    expect(await limiter.begin(from('10.0.0.1'))).toEqual(locked(60))
  })

  it('counts nothing for an attempt whose password was never checked', async () => {
    const limiter = createMemoryLoginLimiter({ maxFailures: 1, maxFailuresPerAccount: 1, windowSeconds: 60 })
    for (let round = 0; round < 5; round++) expect(await attempt(limiter, '10.0.0.1', 'unchecked')).toEqual(GO)
    expect(await attempt(limiter, '10.0.0.1', 'failed')).toEqual(GO)
    expect(await limiter.begin(from('10.0.0.1'))).toEqual(locked(60))
  })

  it('locks an account whatever the client, and a success forgives the account but not the client', async () => {
    const limiter = createMemoryLoginLimiter({ maxFailures: 3, maxFailuresPerAccount: 2, windowSeconds: 60 })
    expect(await attempt(limiter, '10.0.0.1', 'failed')).toEqual(GO)
    expect(await attempt(limiter, '10.0.0.2', 'failed')).toEqual(GO)
    expect((await limiter.begin(from('10.0.0.3'))).verdict).toBe('locked')
    expect(await attempt(limiter, '10.0.0.3', 'failed', 'bob')).toEqual(GO)
    expect(await attempt(limiter, '10.0.0.3', 'succeeded', 'bob')).toEqual(GO)
    // bob's own success: his account starts over (two more failures pass); 10.0.0.3 keeps its one,
    // so with those two it is at its limit of three, for any account.
    expect(await attempt(limiter, '10.0.0.3', 'failed', 'bob')).toEqual(GO)
    expect(await attempt(limiter, '10.0.0.3', 'failed', 'bob')).toEqual(GO)
    expect((await limiter.begin(from('10.0.0.3', 'carol'))).verdict).toBe('locked')
  })
})
