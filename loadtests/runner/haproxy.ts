import { spawn, spawnSync } from 'node:child_process'
import { tracked } from './child-processes.js'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './redis-server.js'

/** A real HAProxy (Debian's) in front of server replicas, round-robin, health-checked on /health. */
export interface Balancer {
  readonly url: string
  stop(): Promise<void>
}

export function hasHaproxy(): boolean {
  return spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0
}

/**
 * The configuration: a replica whose /health answers anything but 200 twice in a row (checks every
 * `checkIntervalMs`) leaves the rotation, and comes back after two good answers. No retries on
 * another replica: a failed answer is counted as such, not hidden by the balancer.
 */
export function haproxyConfig(port: number, replicas: readonly { name: string; url: string }[], checkIntervalMs = 500) {
  const servers = replicas.map(({ name, url }) => `  server ${name} ${new URL(url).host} check`)
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 10s',
    '  timeout server 10s',
    'frontend authlab',
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /health',
    '  http-check expect status 200',
    `  default-server inter ${checkIntervalMs} fall 2 rise 2`,
    ...servers,
    '',
  ].join('\n')
}

export async function startHaproxy(replicas: readonly { name: string; url: string }[]): Promise<Balancer> {
  const dir = await mkdtemp(join(tmpdir(), 'authlab-haproxy-'))
  const port = await freePort()
  const file = join(dir, 'haproxy.cfg')
  await writeFile(file, haproxyConfig(port, replicas))
  // -db: stay in the foreground, so the process we hold is HAProxy itself.
  const child = tracked(spawn('haproxy', ['-db', '-f', file], { stdio: 'ignore' }))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  // Up when it answers /health 200 through a replica it found healthy.
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const status = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.status,
      () => 0,
    )
    if (status === 200) return { url, stop }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stop()
  throw new Error(`haproxy did not serve /health through its replicas within 15 s (exit code ${child.exitCode})`)
}
