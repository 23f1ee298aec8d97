import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { createHttpClient } from '../support/http-client.js'
import { ADMIN, login, startLab, type TestLab } from '../support/lab.js'

/**
 * `--store-failure open` (INSECURE, opt-in) during a real outage: a revoked token gets in, and the
 * server says so, in its log (once an outage starts, then rate-limited), in /health and in its
 * metrics. A
 * fail-closed server in the same outage says nothing of the kind, and lets nothing in.
 */
describe('--store-failure open is never silent', () => {
  let redis: RedisServer
  let open: TestLab
  let closed: TestLab
  beforeAll(async () => {
    redis = await startRedisServer()
    const start = (storeFailure: string) =>
      startLab({
        strategy: 'jwt',
        options: { revocation: 'denylist', storeFailure },
        redisUrl: redis.url,
        env: { AUTHLAB_STORE_TIMEOUT_MS: '200', AUTHLAB_METRICS: 'loopback', AUTHLAB_METRICS_PORT: '0' },
      })
    ;[open, closed] = [await start('open'), await start('closed')]
  })
  afterAll(async () => {
    await open?.close()
    await closed?.close()
    await redis?.stop()
  })

  it('logs the outage and counts what it let in, in /health and the metrics', async () => {
    const revoked = await login(open)
    expect((await open.http('POST', '/auth/logout', { headers: revoked.headers })).status).toBe(204)
    const health = await open.http('GET', '/health')
    expect(health.json.fail_open).toEqual({ outages: 0, accepted_unchecked: 0 })
    expect((await closed.http('GET', '/health')).json.fail_open).toBeUndefined()
    const closedLogin = await login(closed)

    await redis.stop()
    for (let request = 0; request < 5; request++) {
      // The INSECURE part: the logged-out token gets in.
      expect((await open.http('GET', '/api/me', { headers: revoked.headers })).status).toBe(200)
    }
    expect((await closed.http('GET', '/api/me', { headers: closedLogin.headers })).status).toBe(503)
    const during = await open.http('GET', '/health')
    expect(during.json.fail_open).toEqual({ outages: 1, accepted_unchecked: 5 })
    const insecure = open.logs.filter((line) => line.startsWith('INSECURE: failing open'))
    expect(insecure).toEqual([expect.stringMatching(/^INSECURE: failing open, 1 request accepted unchecked/)])
    expect(closed.logs.filter((line) => /failing open|failed open/.test(line))).toEqual([])

    await redis.start()
    for (let attempt = 0; attempt < 100 && (await open.http('GET', '/health')).status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    // Back: the denylist answers (the store restarted empty, so the token is no longer denylisted).
    expect((await open.http('GET', '/api/me', { headers: revoked.headers })).status).toBe(200)
    expect(open.logs).toContainEqual(
      expect.stringMatching(/^INSECURE: failed open for 5 requests accepted unchecked; the denylist answers/),
    )
    expect((await open.http('GET', '/health')).json.fail_open).toEqual({ outages: 1, accepted_unchecked: 5 })
    const admin = await login(open, ADMIN)
    const stats = await open.http('GET', '/api/admin/stats', { headers: admin.headers })
    expect(stats.json.fail_open).toEqual({ outages: 1, accepted_unchecked: 5 })
    // The same totals in the metrics, for whoever watches those rather than /health (issue 32.4).
    expect(await failOpenMetrics(open)).toEqual([
      'authlab_fail_open_outages_total{strategy="jwt"} 1',
      'authlab_fail_open_accepted_unchecked_total{strategy="jwt"} 5',
    ])
    expect(await failOpenMetrics(closed)).toEqual([])
  })
})

/** The fail-open samples of a server's Prometheus exposition. */
async function failOpenMetrics(lab: TestLab): Promise<string[]> {
  const metrics = createHttpClient(new URL(lab.server.metricsUrl ?? '').origin)
  const { text } = await metrics('GET', '/metrics')
  return text.split('\n').filter((line) => line.startsWith('authlab_fail_open_'))
}
