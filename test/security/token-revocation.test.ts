import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { login, startLab, type TestLab } from '../support/lab.js'

/**
 * A token verifies until `exp` + the clock tolerance (30 s by default), so whatever revoked it must
 * be remembered at least that long. Tokens live 1 s here: after 2.5 s they are past `exp` and still
 * inside the tolerance, where a denylist entry that expired at `exp` would let them back in.
 */
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

const ONE_SECOND_TOKENS = { AUTHLAB_TOKEN_TTL: '1', AUTHLAB_CLOCK_TOLERANCE: '30' }
const PAST_EXP_MS = 2500

describe.each(['jwt', 'paseto'] as const)('%s denylist: a revoked token stays revoked past exp', (strategy) => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({
      strategy,
      options: { revocation: 'denylist' },
      redisUrl: redis.url,
      env: ONE_SECOND_TOKENS,
    })
  })
  afterAll(() => lab?.close())

  it('after logout', async () => {
    const { headers } = await login(lab)
    const logout = await lab.http('POST', '/auth/logout', { headers })
    expect(logout.headers['auth-revocation']).toBe('immediate')
    await sleep(PAST_EXP_MS)
    const me = await lab.http('GET', '/api/me', { headers })
    expect(me.status).toBe(401)
    expect(me.json.code).toBe('ERR_AUTH_REVOKED')
  })

  it('after revoke-all', async () => {
    const { headers } = await login(lab)
    expect((await lab.http('POST', '/auth/revoke-all', { headers })).status).toBe(204)
    await sleep(PAST_EXP_MS)
    const me = await lab.http('GET', '/api/me', { headers })
    expect(me.status).toBe(401)
    expect(me.json.code).toBe('ERR_AUTH_REVOKED')
  })
})

describe('refresh mode', () => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy: 'jwt', options: { revocation: 'refresh' }, redisUrl: redis.url, env: {} })
  })
  afterAll(() => lab?.close())

  it('says how long an access token may still work, clock tolerance included', async () => {
    const { headers, response } = await login(lab)
    const logout = await lab.http('POST', '/auth/logout', { headers })
    const within = Number(/^deferred; within=(\d+)$/.exec(String(logout.headers['auth-revocation']))?.[1])
    // 60 s tokens and 30 s of tolerance: up to 90 s, never the bare 60.
    expect(response.json.expires_in).toBe(60)
    expect(within).toBeGreaterThan(60)
    expect(within).toBeLessThanOrEqual(90)
  })

  it('lets exactly one of 20 concurrent refreshes with one token win, and the reuse kills the family', async () => {
    // What the second review tried (issue 32): GETDEL spends the token atomically, so of 20 racing
    // uses one finds it unspent; the other 19 are reuse, which kills the family, the winner's new
    // refresh token included (two parties held the token: one of them stole it).
    const { response } = await login(lab)
    const body = { refresh_token: response.json.refresh_token }
    const race = await Promise.all(Array.from({ length: 20 }, () => lab.http('POST', '/auth/refresh', { body })))
    const statuses = race.map((answer) => answer.status)
    expect(
      statuses.filter((status) => status === 200),
      String(statuses),
    ).toHaveLength(1)
    expect(
      statuses.filter((status) => status === 401),
      String(statuses),
    ).toHaveLength(19)
    const winner = race.find((answer) => answer.status === 200)
    const next = await lab.http('POST', '/auth/refresh', { body: { refresh_token: winner?.json.refresh_token } })
    expect(next.status).toBe(401)
  })
})
