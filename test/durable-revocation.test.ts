import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StrategyName, VariantOptions } from '../servers/core/strategy.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { login, startLab, type TestLab } from './support/lab.js'

/**
 * Durable revocation (AUTHLAB_DURABLE_REVOCATION=true): a revocation is only answered 204 once a
 * replica has it (Redis WAIT). With the replica frozen (SIGSTOP: it acknowledges nothing), logout
 * answers 503 ERR_REVOCATION_NOT_REPLICATED; without the setting the same logout answers 204, the
 * replica never having seen it: exactly the revocation a failover would lose.
 */
const VARIANTS: readonly { strategy: StrategyName; options?: VariantOptions }[] = [
  { strategy: 'session' },
  { strategy: 'apikey' },
  { strategy: 'jwt', options: { revocation: 'denylist' } },
]

async function untilReplicaOnline(primary: RedisServer): Promise<void> {
  const admin = createClient({ url: primary.url })
  await admin.connect()
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (/slave0:.*state=online/.test(await admin.info('replication'))) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error('the replica did not come online')
  } finally {
    await admin.close()
  }
}

describe('durable revocation (Redis WAIT for a replica)', () => {
  let primary: RedisServer
  let replica: RedisServer
  let dir = ''
  const durable: TestLab[] = []
  const plain: TestLab[] = []
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'authlab-durable-'))
    primary = await startRedisServer({ args: ['--dir', dir] })
    replica = await startRedisServer({ args: ['--dir', dir, '--replicaof', '127.0.0.1', String(primary.port)] })
    await untilReplicaOnline(primary)
    const env = { AUTHLAB_STORE_TIMEOUT_MS: '600', AUTHLAB_REPLICA: 'replica-a' }
    for (const variant of VARIANTS) {
      durable.push(
        await startLab({ ...variant, redisUrl: primary.url, env: { ...env, AUTHLAB_DURABLE_REVOCATION: 'true' } }),
      )
      plain.push(await startLab({ ...variant, redisUrl: primary.url, env }))
    }
  }, 60_000)
  afterAll(async () => {
    replica?.signal('SIGCONT')
    await Promise.all([...durable, ...plain].map((lab) => lab.close()))
    await Promise.all([primary?.stop(), replica?.stop()])
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('names the replica that answered in every response', async () => {
    for (const lab of [...durable, ...plain]) {
      expect((await lab.http('GET', '/health')).headers['x-authlab-replica']).toBe('replica-a')
      expect((await lab.http('GET', '/api/me')).headers['x-authlab-replica']).toBe('replica-a')
    }
  })

  it('answers 204 once a replica has the revocation, 503 while none acknowledges', { timeout: 60_000 }, async () => {
    for (const lab of durable) {
      const { headers } = await login(lab)
      expect((await lab.http('POST', '/auth/logout', { headers })).status).toBe(204)
      expect((await lab.http('GET', '/api/me', { headers })).status).toBe(401)
    }
    const durableCredentials = await Promise.all(durable.map((lab) => login(lab)))
    const plainCredentials = await Promise.all(plain.map((lab) => login(lab)))
    replica.signal('SIGSTOP')
    try {
      for (const [index, lab] of durable.entries()) {
        const logout = await lab.http('POST', '/auth/logout', { headers: durableCredentials[index]?.headers })
        expect(logout.status).toBe(503)
        expect(logout.json.code).toBe('ERR_REVOCATION_NOT_REPLICATED')
        expect(logout.headers['retry-after']).toBe('1')
        expect(JSON.stringify(logout.json)).not.toMatch(/WAIT|replica acknowledged/i) // no internals
      }
      // Without durable revocation the same logout is "done" although only the primary has it.
      for (const [index, lab] of plain.entries()) {
        expect((await lab.http('POST', '/auth/logout', { headers: plainCredentials[index]?.headers })).status).toBe(204)
      }
    } finally {
      replica.signal('SIGCONT')
    }
    // Once the replica acknowledges again, the retried logout is done.
    await untilReplicaOnline(primary)
    for (const [index, lab] of durable.entries()) {
      let retry = await lab.http('POST', '/auth/logout', { headers: durableCredentials[index]?.headers })
      // The first retry may find the credential already revoked (the primary had it): that is done too.
      expect([204, 401, 503]).toContain(retry.status)
      for (let attempt = 0; attempt < 20 && retry.status === 503; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        retry = await lab.http('POST', '/auth/logout', { headers: durableCredentials[index]?.headers })
      }
      expect([204, 401]).toContain(retry.status)
      expect((await lab.http('GET', '/api/me', { headers: durableCredentials[index]?.headers })).status).toBe(401)
    }
  })

  it("does not hold the server's reads behind a logout's WAIT", { timeout: 60_000 }, async () => {
    // WAIT blocks the connection it runs on. A replica that acknowledges nothing and a long store
    // timeout make one logout WAIT for seconds (half the timeout); on the connection requests share,
    // every denylist read queued behind it. Counted, not timed: reads answered while it waits.
    const lab = await startLab({
      strategy: 'jwt',
      options: { revocation: 'denylist' },
      redisUrl: primary.url,
      env: { AUTHLAB_STORE_TIMEOUT_MS: '4000', AUTHLAB_DURABLE_REVOCATION: 'true' },
    })
    try {
      const reader = await login(lab)
      const leaving = await login(lab)
      replica.signal('SIGSTOP')
      let answered = false
      const logout = lab.http('POST', '/auth/logout', { headers: leaving.headers }).finally(() => (answered = true))
      const reads: number[] = []
      while (!answered) reads.push((await lab.http('GET', '/api/me', { headers: reader.headers })).status)
      expect((await logout).status).toBe(503)
      expect(reads.every((status) => status === 200)).toBe(true)
      // Behind the WAIT: one or two reads before it, then each waits for it to end.
      expect(reads.length).toBeGreaterThan(10)
    } finally {
      replica.signal('SIGCONT')
      await lab.close()
      await untilReplicaOnline(primary)
    }
  })
})
