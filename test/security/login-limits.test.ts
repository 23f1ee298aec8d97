import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { ALICE, credentialHeaders, startLab, type TestLab } from '../support/lab.js'
import type { LabResponse } from '../support/http-client.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

const WRONG = { ...ALICE, password: 'guess' }
const statuses = (answers: readonly LabResponse[]) => answers.map((answer) => answer.status).sort()
const count = (answers: readonly LabResponse[], status: number) =>
  answers.filter((answer) => answer.status === status).length

// No credential, wrong scheme, duplicate headers, oversized headers, odd input and credentials in
// the query string are in the attack catalogue (loadtests/attacks, test/attacks.test.ts). This keeps
// what needs a server of its own: limits, several client addresses, concurrent bursts.
describe.each([
  { strategy: 'jwt' as const, store: 'Redis' },
  { strategy: 'none' as const, store: 'memory' },
])('failed logins are limited ($store counters)', ({ strategy }) => {
  const labs: TestLab[] = []
  const start = async (env: Record<string, string>) => {
    const lab = await startLab({ strategy, redisUrl: redis.url, env: { AUTHLAB_LOGIN_WINDOW: '60', ...env } })
    labs.push(lab)
    return lab
  }
  afterAll(() => Promise.all(labs.map((lab) => lab.close())))

  it('answers 429 with Retry-After after the limit, even to the right password', async () => {
    const lab = await start({ AUTHLAB_LOGIN_MAX_FAILURES: '3' })
    expect((await lab.http('POST', '/auth/login', { body: ALICE })).status).toBe(200)
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await lab.http('POST', '/auth/login', { body: WRONG })).status).toBe(401)
    }
    const locked = await lab.http('POST', '/auth/login', { body: ALICE })
    expect(locked.status).toBe(429)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60)
    expect(locked.json.code).toBe('ERR_TOO_MANY_LOGINS')
  })

  it('checks no more guesses than the limit when they arrive all at once', async () => {
    // A real hash cost makes each guess take a while, as it would for an attacker: a limiter that
    // records failures after the hash lets every guess of the burst through the check.
    const lab = await start({ AUTHLAB_LOGIN_MAX_FAILURES: '5', AUTHLAB_SCRYPT_LOG_N: '14' })
    const burst = await Promise.all(Array.from({ length: 20 }, () => lab.http('POST', '/auth/login', { body: WRONG })))
    expect(count(burst, 401), String(statuses(burst))).toBe(5)
    // The rest came while those five were hashed (503, busy) or after they had failed (429, locked).
    expect(count(burst, 503) + count(burst, 429), String(statuses(burst))).toBe(15)
    expect((await lab.http('POST', '/auth/login', { body: ALICE })).status).toBe(429)
  })

  it('gives parallel right passwords 503 with a short Retry-After, never 429, and counts no failure', async () => {
    // Logins still being hashed used to count as failures: 12 right passwords at once, limit 5, got
    // 429 with Retry-After up to the whole window (clients behind one NAT, a service logging in in
    // parallel). Now the ones over the limit are "busy" for a moment, and nothing is held against them.
    const lab = await start({ AUTHLAB_LOGIN_MAX_FAILURES: '5', AUTHLAB_SCRYPT_LOG_N: '14' })
    const burst = await Promise.all(Array.from({ length: 12 }, () => lab.http('POST', '/auth/login', { body: ALICE })))
    expect(count(burst, 429), String(statuses(burst))).toBe(0)
    expect(count(burst, 200), String(statuses(burst))).toBeGreaterThanOrEqual(5)
    expect(count(burst, 200) + count(burst, 503), String(statuses(burst))).toBe(12)
    for (const busy of burst.filter((answer) => answer.status === 503)) {
      expect(busy.headers['retry-after']).toBe('1')
      expect(busy.json.code).toBe('ERR_LOGIN_BUSY')
    }
    // Counted in the refusal summary, not an error line each.
    expect(lab.logs.filter((line) => line.includes('ERR_LOGIN_BUSY'))).toEqual([])
    // None of them was a failure: the client still has all five guesses, then the lock.
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await lab.http('POST', '/auth/login', { body: WRONG })).status).toBe(401)
    }
    expect((await lab.http('POST', '/auth/login', { body: ALICE })).status).toBe(429)
  })

  it('locks an account whose failures come from many addresses, and only that account', async () => {
    const lab = await start({ AUTHLAB_LOGIN_MAX_FAILURES_PER_ACCOUNT: '4' })
    for (const host of [2, 3, 4, 5]) {
      const guess = await lab.http('POST', '/auth/login', { body: WRONG, localAddress: `127.0.0.${host}` })
      expect(guess.status).toBe(401)
    }
    const owner = await lab.http('POST', '/auth/login', { body: ALICE, localAddress: '127.0.0.6' })
    expect(owner.status).toBe(429)
    expect(Number(owner.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(owner.headers['retry-after'])).toBeLessThanOrEqual(60)
    // The same address may still log in to another account: only alice is locked.
    const admin = { username: 'admin', password: 'control-room' }
    expect((await lab.http('POST', '/auth/login', { body: admin, localAddress: '127.0.0.6' })).status).toBe(200)
  })
})

describe('failed and refused logins', () => {
  it('are counted by code, never logged one by one', async () => {
    const lab = await startLab({
      strategy: 'jwt',
      redisUrl: redis.url,
      env: { AUTHLAB_LOGIN_MAX_FAILURES: '3', AUTHLAB_LOGIN_WINDOW: '60' },
    })
    try {
      const admin = await lab.http('POST', '/auth/login', { body: { username: 'admin', password: 'control-room' } })
      const statuses = []
      for (let attempt = 0; attempt < 5; attempt++) {
        statuses.push((await lab.http('POST', '/auth/login', { body: WRONG })).status)
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429])
      // Nothing per attempt in the log; the totals where an admin looks, and a summary line a minute.
      expect(lab.logs.filter((line) => /guess|alice|ERR_LOGIN|429/.test(line))).toEqual([])
      const stats = await lab.http('GET', '/api/admin/stats', { headers: credentialHeaders(admin) })
      expect(stats.json.refused).toMatchObject({ ERR_LOGIN_FAILED: 3, ERR_TOO_MANY_LOGINS: 2 })
    } finally {
      await lab.close()
    }
    expect(lab.logs).toContainEqual(
      expect.stringMatching(/^refused 5 requests in \d+ s: ERR_LOGIN_FAILED 3, ERR_TOO_MANY_LOGINS 2$/),
    )
  })
})

describe('AUTHLAB_TRUST_PROXY', () => {
  const labs: TestLab[] = []
  afterAll(() => Promise.all(labs.map((lab) => lab.close())))

  it('with a hop count, a spoofed X-Forwarded-For does not make a new client', async () => {
    const lab = await startLab({
      strategy: 'jwt',
      redisUrl: redis.url,
      env: { AUTHLAB_TRUST_PROXY: '1', AUTHLAB_LOGIN_MAX_FAILURES: '3' },
    })
    labs.push(lab)
    // The proxy appends the address it saw (here always 203.0.113.9); the attacker writes the rest.
    const guess = (index: number) =>
      lab.http('POST', '/auth/login', {
        body: WRONG,
        headers: { 'x-forwarded-for': `198.51.100.${index}, 203.0.113.9` },
      })
    const answers = []
    for (let index = 0; index < 5; index++) answers.push(await guess(index))
    expect(statuses(answers)).toEqual([401, 401, 401, 429, 429])
  })

  it('counts one IPv6 /64 once however the proxy spells it, and garbage as the proxy itself', async () => {
    const lab = await startLab({
      strategy: 'jwt',
      redisUrl: redis.url,
      env: { AUTHLAB_TRUST_PROXY: '1', AUTHLAB_LOGIN_MAX_FAILURES: '3' },
    })
    labs.push(lab)
    const from = (forwardedFor: string) =>
      lab.http('POST', '/auth/login', { body: WRONG, headers: { 'x-forwarded-for': forwardedFor } })
    const spellings = ['2001:db8::1', '2001:DB8::1', '2001:0db8:0::1', '2001:db8::2:3', '2001:db8::1%eth0']
    const answers = []
    for (const spelling of spellings) answers.push(await from(spelling))
    expect(statuses(answers)).toEqual([401, 401, 401, 429, 429])
    // What is no address at all is not a fresh client each time: it counts as the proxy (loopback).
    const garbage = []
    for (const value of ['garbage', '*', 'x'.repeat(300), 'not-an-ip']) garbage.push(await from(value))
    expect(statuses(garbage)).toEqual([401, 401, 401, 429])
  })

  it('with a list of proxy addresses, only those may name the client', async () => {
    const lab = await startLab({
      strategy: 'jwt',
      redisUrl: redis.url,
      env: { AUTHLAB_TRUST_PROXY: '127.0.0.1', AUTHLAB_LOGIN_MAX_FAILURES: '2' },
    })
    labs.push(lab)
    const from = (localAddress: string, forwardedFor: string) =>
      lab.http('POST', '/auth/login', { body: WRONG, localAddress, headers: { 'x-forwarded-for': forwardedFor } })
    // 127.0.0.2 is no proxy of ours: what it claims in X-Forwarded-For is ignored.
    const untrusted = [await from('127.0.0.2', '198.51.100.1'), await from('127.0.0.2', '198.51.100.2')]
    expect(statuses([...untrusted, await from('127.0.0.2', '198.51.100.3')])).toEqual([401, 401, 429])
    // 127.0.0.1 is: the client it names is a client of its own.
    expect((await from('127.0.0.1', '198.51.100.9')).status).toBe(401)
  })
})

describe('password hashing under a login flood', () => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({
      strategy: 'paseto',
      redisUrl: redis.url,
      env: { AUTHLAB_SCRYPT_LOG_N: '15', AUTHLAB_HASH_CONCURRENCY: '1', AUTHLAB_HASH_QUEUE: '1' },
    })
  })
  afterAll(() => lab?.close())

  it('hashes a bounded number at once and answers the rest 503 with Retry-After', async () => {
    const flood = await Promise.all(Array.from({ length: 12 }, () => lab.http('POST', '/auth/login', { body: WRONG })))
    expect(flood.every((answer) => answer.status === 401 || answer.status === 503)).toBe(true)
    const busy = flood.filter((answer) => answer.status === 503)
    expect(busy.length, String(statuses(flood))).toBeGreaterThan(0)
    for (const answer of busy) {
      expect(answer.json.code).toBe('ERR_LOGIN_BUSY')
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0)
    }
    // Once the flood is over, logins are served again.
    expect((await lab.http('POST', '/auth/login', { body: ALICE })).status).toBe(200)
  })
})
