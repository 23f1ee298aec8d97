import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const CLI = resolve('bin/authlab.js')
const directory = mkdtempSync(join(tmpdir(), 'authlab-env-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

/** `authlab serve jwt` in a directory with a .env that names a port already refused: what it says. */
function serveIn(cwd: string, env: NodeJS.ProcessEnv) {
  const { AUTHLAB_ENV_FILE: _named, PORT: _port, HOST: _host, ...inherited } = process.env
  return spawnSync('node', [CLI, 'serve', 'jwt'], {
    cwd,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
}

describe('.env', { timeout: 30_000 }, () => {
  it('is read at start by every command, and the environment wins over it', () => {
    // HOST 0.0.0.0 with the demo users is refused before anything starts: a cheap way to see the file was read.
    writeFileSync(join(directory, '.env'), 'HOST=0.0.0.0\nPORT=0\n')
    const fromFile = serveIn(directory, {})
    expect(fromFile.status).toBe(2)
    expect(fromFile.stderr).toContain('on 0.0.0.0')
    const fromEnv = serveIn(directory, { HOST: '300.0.0.1' })
    expect(fromEnv.stderr).toContain('on 300.0.0.1')
  })

  it('AUTHLAB_ENV_FILE names another file, and a missing one is refused', () => {
    writeFileSync(join(directory, 'other.env'), 'HOST=0.0.0.0\nPORT=0\n')
    expect(serveIn(tmpdir(), { AUTHLAB_ENV_FILE: join(directory, 'other.env') }).stderr).toContain('on 0.0.0.0')
    expect(serveIn(directory, { AUTHLAB_ENV_FILE: join(directory, 'missing.env') }).stderr).toContain(
      'AUTHLAB_ENV_FILE names',
    )
  })
})
