import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const childrenOf = (pid: number): number[] =>
  spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0)

/** Running: its /proc entry is there and it is not a zombie (a dead child nobody has reaped yet). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// `kill <pid>` (a supervisor, a CI timeout) signals the lab alone, not its process group.
describe('a lab stopped by SIGTERM', { timeout: 90_000 }, () => {
  it('kills the servers and the Redis it started, and exits 143', async () => {
    const lab = spawn(
      process.execPath,
      ['bin/authlab.js', 'run', '--quick', '--strategies', 'none,jwt', '--out', '/tmp'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    lab.stdout.on('data', (chunk) => (output += chunk))
    lab.stderr.on('data', (chunk) => (output += chunk))
    const exited = once(lab, 'exit')
    // Its private Redis and both servers: three children.
    let children: number[] = []
    for (let attempt = 0; attempt < 600 && children.length < 3; attempt++) {
      await pause(100)
      children = childrenOf(lab.pid as number)
    }
    expect(children.length, output).toBeGreaterThanOrEqual(3)
    lab.kill('SIGTERM')
    const [code, signal] = await exited
    for (let attempt = 0; attempt < 50 && children.some(alive); attempt++) await pause(100)
    const leaked = children.filter(alive)
    for (const pid of leaked) process.kill(pid, 'SIGKILL') // left by a failing run: not for the next test
    expect(leaked).toEqual([])
    expect({ code, signal }).toEqual({ code: 143, signal: null })
  })
})
