import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createHttpClient } from './support/http-client.js'

const CLI = ['bin/authlab.js']

describe('authlab serve (a real process)', () => {
  it('prints --help with every strategy, and refuses an unknown strategy with exit code 2', () => {
    const help = spawnSync('node', [...CLI, 'serve', '--help'], { encoding: 'utf8' })
    expect(help.status).toBe(0)
    for (const name of ['none', 'jwt', 'session', 'apikey', 'paseto', '--revocation', '--alg', '--store']) {
      expect(help.stdout).toContain(name)
    }
    const unknown = spawnSync('node', [...CLI, 'serve', 'kerberos'], { encoding: 'utf8' })
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('unknown strategy "kerberos"')
    expect(unknown.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses a weak JWT secret at start-up with a message that says what to set', () => {
    const weak = spawnSync('node', [...CLI, 'serve', 'jwt', '--port', '0'], {
      encoding: 'utf8',
      env: { ...process.env, JWT_SECRET: Buffer.from('short').toString('base64'), REDIS_URL: 'redis://127.0.0.1:1', AUTHLAB_SCRYPT_LOG_N: '10' },
    })
    expect(weak.status).toBe(2)
    expect(weak.stderr).toContain('JWT_SECRET must be at least 32 random bytes')
  })

  it('logs one line when it listens, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn('node', [...CLI, 'serve', 'none', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(output)
        if (match?.[1]) resolve(match[1])
      })
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
    })
    expect(output).toMatch(/\[none\] listening on http:\/\/127\.0\.0\.1:\d+ \(strategy none, pid \d+\)/)
    const health = await createHttpClient(url)('GET', '/health')
    expect(health.json).toEqual({ status: 'ok', strategy: 'none', variant: {} })
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const [code] = await exited
    expect(code).toBe(0)
    expect(output).toContain('[none] closed')
  })
})
