import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { METRICS_ATTACKS } from '../loadtests/attacks/catalogue-metrics.js'
import { runAttacks } from '../loadtests/attacks/run-attacks.js'
import { keysFor } from '../loadtests/attacks/server-keys.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { parseVariant } from '../loadtests/runner/variants.js'
import { loadConfig } from '../servers/core/config.js'
import { createHttpClient, type HttpClient } from './support/http-client.js'
import { ALICE, login, startLab, type TestLab } from './support/lab.js'

/**
 * AUTHLAB_METRICS (issue 30): Prometheus metrics on a listener of their own, off by default, never
 * under the API's routes, refused to a stranger, and holding no credential or username.
 */
const TOKEN = 'metrics-token-for-tests-0123456789abcdef'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

const labs: TestLab[] = []
afterEach(async () => {
  await Promise.all(labs.splice(0).map((lab) => lab.close()))
})

async function lab(strategy: 'none' | 'jwt' | 'session' | 'apikey' | 'paseto', env: Record<string, string> = {}) {
  const { env: secrets } = await keysFor(parseVariant(strategy))
  const started = await startLab({ strategy, redisUrl: redis.url, env: { ...secrets, ...env } })
  labs.push(started)
  return started
}

const metricsClient = (started: TestLab): HttpClient => {
  const url = started.server.metricsUrl
  if (!url) throw new Error('metrics are off')
  return createHttpClient(new URL(url).origin)
}

/** One sample's value in the exposition: `name{labels} value`, labels in any order. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) &&
        Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    )
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1))
}

const LOOPBACK = { AUTHLAB_METRICS: 'loopback', AUTHLAB_METRICS_PORT: '0' }

describe('metrics', () => {
  it('are off by default: no listener, and nothing on the API port', async () => {
    expect(loadConfig({}).metrics).toBeUndefined()
    const started = await lab('jwt')
    expect(started.server.metricsUrl).toBeUndefined()
    for (const path of ['/metrics', '/api/metrics']) {
      const response = await started.http('GET', path)
      expect(response.status).toBe(404)
      expect(response.text).not.toContain('process_cpu')
    }
  })

  it("are not reachable through the API's port with metrics on (the attack catalogue's check)", async () => {
    const variant = parseVariant('jwt')
    const started = await lab('jwt', LOOPBACK)
    expect(started.server.metricsUrl).toBeDefined()
    const verdicts = await runAttacks(
      { url: started.url, variant, keys: undefined, timing: false, maxFailures: 1000 },
      METRICS_ATTACKS,
    )
    expect(verdicts.map((verdict) => [verdict.attack, verdict.verdict, verdict.note])).toEqual([
      ['all-metrics-via-api', 'blocked', undefined],
    ])
  })

  it('show requests by route template and status, auth outcomes, store commands, CPU, lag and heap', async () => {
    const started = await lab('session', LOOPBACK)
    const metrics = metricsClient(started)
    const before = (await metrics('GET', '/metrics')).text
    const { headers } = await login(started)
    for (let i = 0; i < 3; i++) expect((await started.http('GET', '/api/me?x=' + i, { headers })).status).toBe(200)
    expect((await started.http('GET', '/api/me', { headers: { cookie: 'authlab.sid=s%3Anope.nope' } })).status).toBe(
      401,
    )
    const response = await metrics('GET', '/metrics')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toContain('text/plain')
    const after = response.text
    const count = (text: string, name: string, labels: Record<string, string>) => sample(text, name, labels)
    const route = { route: '/api/me', status: '200', strategy: 'session' }
    expect(
      count(after, 'authlab_http_requests_total', route) - count(before, 'authlab_http_requests_total', route),
    ).toBe(3)
    expect(count(after, 'authlab_http_requests_total', { route: '/auth/login', status: '200' })).toBe(1)
    expect(count(after, 'authlab_auth_outcomes_total', { outcome: 'accepted', reason: 'credential' })).toBe(3)
    expect(count(after, 'authlab_auth_outcomes_total', { outcome: 'accepted', reason: 'login' })).toBe(1)
    expect(count(after, 'authlab_auth_outcomes_total', { outcome: 'refused', reason: 'ERR_AUTH_MISSING' })).toBe(0)
    // The session store's reads, counted by command, and the query string made no series of its own.
    expect(count(after, 'authlab_store_commands_total', { command: 'get' })).toBeGreaterThanOrEqual(3)
    expect(after).not.toContain('x=1')
    for (const name of ['process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(after).toMatch(new RegExp(`^${name}\\{`, 'm'))
    }
  })

  it('count refusals by reason code, as the refusal log does', async () => {
    const started = await lab('jwt', LOOPBACK)
    await started.http('GET', '/api/me')
    await started.http('GET', '/api/me', { headers: { authorization: 'Bearer not.a.token' } })
    await started.http('POST', '/auth/login', { body: { username: ALICE.username, password: 'wrong' } })
    const text = (await metricsClient(started)('GET', '/metrics')).text
    expect(sample(text, 'authlab_auth_outcomes_total', { outcome: 'refused', reason: 'ERR_AUTH_MISSING' })).toBe(1)
    expect(sample(text, 'authlab_auth_outcomes_total', { outcome: 'refused', reason: 'ERR_AUTH_INVALID' })).toBe(1)
    expect(sample(text, 'authlab_auth_outcomes_total', { outcome: 'refused', reason: 'ERR_LOGIN_FAILED' })).toBe(1)
  })

  it('count store errors while the store is unreachable (503, fail closed)', async () => {
    const started = await startLab({ strategy: 'session', redisUrl: 'redis://127.0.0.1:1', env: LOOPBACK })
    labs.push(started)
    // The login limiter's first command fails at once: the store is not answering.
    expect((await started.http('POST', '/auth/login', { body: ALICE })).status).toBe(503)
    const text = (await metricsClient(started)('GET', '/metrics')).text
    expect(sample(text, 'authlab_store_errors_total', { outcome: 'not_answering' })).toBeGreaterThanOrEqual(1)
  })

  it('refuse a read from beyond this machine, judged by the trust rules (a local reverse proxy)', async () => {
    const started = await lab('none', { ...LOOPBACK, AUTHLAB_TRUST_PROXY: 'loopback' })
    const metrics = metricsClient(started)
    expect(new URL(started.server.metricsUrl ?? '').hostname).toBe('127.0.0.1')
    const stranger = await metrics('GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } })
    expect(stranger.status).toBe(403)
    expect(stranger.text).not.toContain('process_cpu')
    expect((await metrics('GET', '/metrics', { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(200)
    // Nothing else is served there, and the DNS-rebinding check holds as on the API.
    expect((await metrics('GET', '/api/me')).status).toBe(404)
    expect((await metrics('GET', '/metrics', { headers: { host: 'rebind.attacker.example' } })).status).toBe(421)
  })

  it('need the token of their own in token mode, compared whole', async () => {
    const started = await lab('none', {
      AUTHLAB_METRICS: 'token',
      AUTHLAB_METRICS_TOKEN: TOKEN,
      AUTHLAB_METRICS_PORT: '0',
    })
    const metrics = metricsClient(started)
    expect((await metrics('GET', '/metrics')).status).toBe(401)
    for (const wrong of [TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()]) {
      expect((await metrics('GET', '/metrics', { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401)
    }
    expect((await metrics('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
  })

  it('refuse a bad configuration at start-up', () => {
    expect(() => loadConfig({ AUTHLAB_METRICS: 'yes' })).toThrow(/off, loopback or token/)
    expect(() => loadConfig({ AUTHLAB_METRICS: 'token' })).toThrow(/AUTHLAB_METRICS_TOKEN/)
    expect(() => loadConfig({ AUTHLAB_METRICS: 'token', AUTHLAB_METRICS_TOKEN: 'short' })).toThrow(/at least 32/)
    expect(loadConfig({ AUTHLAB_METRICS: 'loopback' }).metrics).toEqual({
      mode: 'loopback',
      port: 9464,
      token: undefined,
    })
  })

  it.each(['jwt', 'session', 'apikey', 'paseto'] as const)(
    'hold no credential or username after logins and reads (%s)',
    async (strategy) => {
      const started = await lab(strategy, LOOPBACK)
      const { response, headers } = await login(started)
      await started.http('GET', '/api/items', { headers })
      await started.http('GET', `/api/me/${ALICE.username}`, { headers })
      await started.http('POST', '/auth/login', { body: { username: 'mallory', password: ALICE.password } })
      const text = (await metricsClient(started)('GET', '/metrics')).text
      const secrets = [
        ALICE.username,
        ALICE.password,
        'mallory',
        ...Object.values(headers).map((value) => value.slice(-16)),
      ]
      const token = (response.json as { access_token?: string } | undefined)?.access_token
      if (token) secrets.push(token.slice(-16))
      for (const secret of secrets) expect(text).not.toContain(secret)
    },
  )
})
