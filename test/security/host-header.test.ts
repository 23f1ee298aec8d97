import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../servers/core/config.js'
import { hostName } from '../../servers/core/host-check.js'
import { ADMIN, startLab, type TestLab } from '../support/lab.js'

/**
 * The Host check (servers/core/host-check.ts) against DNS rebinding. The attack itself (a foreign
 * Host on login, /health, /api/me, revoke-all) is in the catalogue (login-dns-rebinding); this keeps
 * what needs a raw socket or a configured public name.
 */
function raw(url: string, head: string): Promise<number> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    const chunks: Buffer[] = []
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString())?.[1] ?? 0)))
    socket.on('error', reject)
    socket.end(`${head}\r\nConnection: close\r\n\r\n`)
  })
}

describe('Host header', () => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy: 'none', env: { AUTHLAB_PUBLIC_HOST: 'api.example.com,jwt' } })
  })
  afterAll(() => lab?.close())

  const withHost = (host: string) => lab.http('GET', '/health', { headers: { host } })

  it('answers loopback names and addresses on any port, and the configured public names', async () => {
    for (const host of ['localhost', 'LOCALHOST:1', '127.0.0.1', '127.1.2.3:8080', '[::1]', '[::1]:3000']) {
      expect((await withHost(host)).status, host).toBe(200)
    }
    for (const host of ['api.example.com', 'API.Example.com:443', 'jwt:3000']) {
      expect((await withHost(host)).status, host).toBe(200)
    }
  })

  it('answers 421 problem+json to any other name, before any route', async () => {
    for (const host of ['rebind.attacker.example:3000', 'example.com', 'jwt.attacker.example', '10.0.0.1', '[::2]']) {
      const answer = await withHost(host)
      expect(answer.status, host).toBe(421)
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(answer.json.code).toBe('ERR_MISDIRECTED_REQUEST')
    }
    const login = await lab.http('POST', '/auth/login', { body: ADMIN, headers: { host: 'evil.example' } })
    expect(login.status).toBe(421)
    expect((await lab.http('GET', '/no/such/route', { headers: { host: 'evil.example' } })).status).toBe(421)
  })

  it('lets HTTP/1.0 without Host through (balancer health checks), and refuses two Hosts or a malformed one', async () => {
    expect(await raw(lab.url, 'GET /health HTTP/1.0')).toBe(200)
    // HTTP/1.1 without Host is Node's own 400 (RFC 9112 §3.2).
    expect(await raw(lab.url, 'GET /health HTTP/1.1')).toBe(400)
    expect(await raw(lab.url, 'GET /health HTTP/1.1\r\nHost: localhost\r\nHost: evil.example')).toBe(400)
    expect(await raw(lab.url, 'GET /health HTTP/1.1\r\nHost: localhost:port')).toBe(400)
    expect(await raw(lab.url, 'GET /health HTTP/1.1\r\nHost: user@localhost')).toBe(400)
  })

  it('parses host[:port] strictly', () => {
    expect(hostName('LocalHost:3000')).toBe('localhost')
    expect(hostName('[::1]:80')).toBe('[::1]')
    expect(hostName('localhost:')).toBeUndefined()
    expect(hostName('a b')).toBeUndefined()
    expect(hostName('')).toBeUndefined()
  })

  it('reads AUTHLAB_PUBLIC_HOST as names without port or scheme', () => {
    expect(loadConfig({}).publicHosts).toEqual([])
    expect(loadConfig({ AUTHLAB_PUBLIC_HOST: 'API.example.com, jwt ,[2001:db8::1]' }).publicHosts).toEqual([
      'api.example.com',
      'jwt',
      '[2001:db8::1]',
    ])
    for (const bad of ['https://api.example.com', 'api.example.com:443', 'a,,b', '*.example.com']) {
      expect(() => loadConfig({ AUTHLAB_PUBLIC_HOST: bad }), bad).toThrow(/AUTHLAB_PUBLIC_HOST/)
    }
  })
})
