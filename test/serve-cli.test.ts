import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { ALICE } from '../servers/core/demo-data.js'
import { createHttpClient } from './support/http-client.js'

const CLI = ['bin/authlab.js']

/** `authlab serve ...` as a real child process; resolves once it logged its listening line. */
async function spawnServe(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  const child: ChildProcess = spawn('node', [...CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
  })
  const stop = async () => {
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const [code] = await exited
    return code as number | null
  }
  return { child, url, http: createHttpClient(url), output: () => output, stop }
}

// Real processes seeding users at the full password-hash cost: room for a busy 2-core machine.
describe('authlab serve (a real process)', { timeout: 90_000 }, () => {
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
      env: {
        ...process.env,
        JWT_SECRET: Buffer.from('short').toString('base64'),
        REDIS_URL: 'redis://127.0.0.1:1',
        AUTHLAB_SCRYPT_LOG_N: '10',
      },
    })
    expect(weak.status).toBe(2)
    expect(weak.stderr).toContain('JWT_SECRET must be at least 32 random bytes')
  })

  it('logs one line when it listens and answers /health as the contract says', async () => {
    const server = await spawnServe(['none', '--port', '0'])
    expect(server.output()).toMatch(/\[none\] listening on http:\/\/127\.0\.0\.1:\d+ \(strategy none, pid \d+\)/)
    expect((await server.http('GET', '/health')).json).toEqual({ status: 'ok', strategy: 'none', variant: {} })
    expect(await server.stop()).toBe(0)
  })

  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    // The default password-hash cost (scrypt N = 2^17) makes a login slow enough to be in flight.
    const server = await spawnServe(['none', '--port', '0'], { ...process.env, AUTHLAB_SCRYPT_LOG_N: '17' })
    const inFlight = server.http('POST', '/auth/login', { body: ALICE })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const stopped = server.stop()
    expect((await inFlight).status).toBe(200)
    expect(await stopped).toBe(0)
    expect(server.output()).toContain('SIGTERM: finishing in-flight requests')
    expect(server.output()).toContain('[none] closed')
  })
})
