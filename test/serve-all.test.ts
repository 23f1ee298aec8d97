import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeConsecutivePorts, startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { ALICE } from '../servers/core/demo-data.js'
import { strategyNames } from '../servers/registry.js'

/** `authlab serve ...` as a child; resolves when `ready` matches its stdout. */
async function serve(args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn('node', ['bin/authlab.js', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => ready.test(stdout) && resolve())
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stdout}${stderr}`)))
  })
  const stop = async () => {
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    return (await exited)[0] as number | null
  }
  return { stdout: () => stdout, stderr: () => stderr, stop }
}

describe('authlab serve --all', { timeout: 60_000 }, () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('starts every strategy on consecutive ports, prints one curl line each, and stops on SIGTERM', async () => {
    const first = await freeConsecutivePorts(strategyNames().length)
    const env = { ...process.env, REDIS_URL: redis.url, AUTHLAB_SCRYPT_LOG_N: '10' }
    const server = await serve(['--all', '--port', String(first)], env, /servers up/)
    try {
      const names = strategyNames()
      for (const [index, name] of names.entries()) {
        const base = `127.0.0.1:${first + index}`
        expect(server.stdout()).toMatch(new RegExp(`^  ${name} +curl -s ${base}/`, 'm'))
        const response =
          name === 'none'
            ? await fetch(`http://${base}/api/me`)
            : await fetch(`http://${base}/auth/login`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(ALICE),
              })
        expect(response.status, name).toBe(200)
      }
      expect(server.stderr()).not.toContain('No Redis answers')
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('says how to start a Redis when none answers, and which strategies need one', async () => {
    const env = { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', AUTHLAB_SCRYPT_LOG_N: '10' }
    const server = await serve(['jwt', '--port', '0'], env, /listening on/)
    try {
      expect(server.stderr()).toContain('No Redis answers at redis://127.0.0.1:1, and jwt needs one')
      expect(server.stderr()).toContain('redis-server --daemonize yes')
    } finally {
      await server.stop()
    }
  })
})
