import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strategyNames } from '../../servers/registry.js'
import { startRedisServer, type RedisServer } from '../../loadtests/runner/redis-server.js'
import { startLab, type TestLab } from '../support/lab.js'

/**
 * What node:http hands to Express without a word: absolute-form targets (RFC 9112 §3.2.2, meant for
 * proxies), odd paths and methods, bodies with a Content-Encoding they do not have. Sent over a raw socket, since an HTTP client would tidy them up.
 * Whatever arrives, no answer is a 5xx.
 */
function rawRequest(url: string, request: string): Promise<string> {
  const [head, body = ''] = request.split('\r\n\r\n')
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    const chunks: Buffer[] = []
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.on('error', reject)
    socket.end(`${head}\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n${body}`)
  })
}
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)

export const ODD_TARGETS = [
  'GET http://1.2.3.256/api/me HTTP/1.1',
  'GET http://[::1/api/me HTTP/1.1',
  'GET http://x:99999/api/me HTTP/1.1',
  'GET http://127.0.0.1/api/me?token=abc HTTP/1.1',
  'GET https://user:pass@example.invalid/api/items HTTP/1.1',
  'GET //evil.example/api/me HTTP/1.1',
  'GET /api/me?%zz=1&token HTTP/1.1',
  'GET /api/%zz HTTP/1.1',
  'GET /api/me/..%2f..%2fhealth HTTP/1.1',
  'GET * HTTP/1.1',
  'OPTIONS * HTTP/1.1',
  'GET /api/me?access_token[]=1 HTTP/1.1',
  'POST http://1.2.3.256/auth/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
  // A body that claims a compression it does not have (zlib's errors are no client mistake to it).
  ...['gzip', 'deflate', 'br'].map(
    (encoding) =>
      `POST /auth/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Encoding: ${encoding}\r\nContent-Length: 2\r\n\r\n{}`,
  ),
]

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

describe.each(strategyNames())('odd request targets on %s', (strategy) => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy, redisUrl: redis.url })
  })
  afterAll(() => lab?.close())

  it.each(
    ODD_TARGETS.map((target) => ({
      target,
      line: target
        .split('\r\n')
        .filter((line) => !/^Content-(Type|Length)/.test(line))
        .slice(0, 2)
        .join(' | '),
    })),
  )('never a 5xx, and errors are problem+json: $line', async ({ target }) => {
    const logged = lab.logs.length
    const answer = await rawRequest(lab.url, target)
    const status = statusOf(answer)
    expect(status, answer.slice(0, 300)).toBeGreaterThanOrEqual(200)
    expect(status, answer.slice(0, 300)).toBeLessThan(500)
    // The contract's errors are problem+json, including those Express's router never sees.
    if (status >= 400) expect(answer, answer.slice(0, 300)).toMatch(/^content-type: application\/problem\+json/im)
    expect(lab.logs.slice(logged).filter((line) => line.includes('unexpected error'))).toEqual([])
  })
})

describe('a client that never finishes its request', () => {
  let lab: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy: 'jwt', redisUrl: redis.url, env: { AUTHLAB_REQUEST_TIMEOUT_MS: '500' } })
  })
  afterAll(() => lab?.close())

  it('gets 408 and its connection closed (Node would wait 300 s)', async () => {
    const { hostname, port } = new URL(lab.url)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname)
      const chunks: Buffer[] = []
      socket.setTimeout(20_000, () => socket.destroy(new Error('still open after 20 s')))
      socket.on('data', (chunk: Buffer) => chunks.push(chunk))
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
      socket.on('error', reject)
      // Promises 100 bytes of body, sends 3, and keeps the socket open.
      socket.write(
        `POST /auth/login HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"u`,
      )
    })
    expect(statusOf(answer)).toBe(408)
  })
})
