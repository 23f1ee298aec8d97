import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { tracked } from './child-processes.js'
import { once } from 'node:events'
import { createServer, connect } from 'node:net'
import { checkPortFree } from '../../servers/port-check.js'

/** A private redis-server: its own free port, nothing on disk, stopped by whoever started it. */
export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stop it (SIGTERM, then SIGKILL after 2 s). The port stays ours to start it again on. */
  stop(): Promise<void>
  /** Start it again on the same port, empty: what an outage test needs (with persistence: what it kept). */
  start(): Promise<void>
  /** Kill it with no chance to save anything (SIGKILL): a crash, as the store-restart experiment needs. */
  crash(): Promise<void>
  /** Send a signal without waiting: SIGSTOP freezes it (the connection stays up, nothing answers), SIGCONT thaws it. */
  signal(signal: NodeJS.Signals): void
}

/**
 * What Redis keeps across a restart. `none` is what the lab uses everywhere else; `rdb` snapshots
 * on a graceful shutdown only (the save point is an hour away, so a crash loses everything since the
 * start); `aof` appends every write to a log, flushed to the OS at once and fsynced every second.
 */
export const REDIS_PERSISTENCE = ['none', 'rdb', 'aof'] as const
export type RedisPersistence = (typeof REDIS_PERSISTENCE)[number]

export interface RedisServerOptions {
  /** Default: a free port. Give the old one to start a replacement the servers reconnect to. */
  readonly port?: number
  readonly persistence?: RedisPersistence
  /** Where `rdb` and `aof` write their files (required for them). */
  readonly dir?: string
  /** More redis-server arguments, e.g. `--replicaof 127.0.0.1 6379` for a replica. */
  readonly args?: readonly string[]
}

/** The redis-server arguments that make each persistence mode, and nothing else. */
export function persistenceArgs(persistence: RedisPersistence, dir: string | undefined): string[] {
  if (persistence !== 'none' && !dir) throw new TypeError(`Redis persistence "${persistence}" needs a data directory`)
  const inDir = dir ? ['--dir', dir] : []
  switch (persistence) {
    case 'none':
      return ['--save', '', '--appendonly', 'no']
    case 'rdb':
      return [...inDir, '--save', '3600 1', '--appendonly', 'no', '--dbfilename', 'dump.rdb']
    case 'aof':
      return [...inDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec']
  }
}

export const REDIS_MISSING_HELP = `No redis-server found. Get a Redis in one of three ways:
  1. install it:  sudo apt-get install redis-server   (macOS: brew install redis)
  2. run it in Docker:  docker compose up -d redis   (then REDIS_URL=redis://127.0.0.1:6379)
  3. point the lab at one you have:  REDIS_URL=redis://host:6379 npm run lab`

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
}

export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * A first port with the next `count - 1` free too, for a command that listens on consecutive ports
 * (`serve --all`, the exercises' replicas). Picked below Linux's ephemeral range (32768 up), where
 * other programs and test files get their `listen(0)` ports: a run of ephemeral ports found free can
 * be taken by one of them a moment later (it happened in CI).
 */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (;;) {
    const first = 20_000 + Math.floor(Math.random() * 12_000)
    let allFree = true
    for (let port = first; port < first + count && allFree; port++) {
      allFree = await checkPortFree(port, '127.0.0.1').then(
        () => true,
        () => false,
      )
    }
    if (allFree) return first
  }
}

async function waitForPort(port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => resolve(true))
      socket.once('error', () => resolve(false))
    }).catch(() => false)
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs} ms`)
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!hasRedisServer()) throw new Error(REDIS_MISSING_HELP)
  const port = options.port ?? (await freePort())
  const persistence = persistenceArgs(options.persistence ?? 'none', options.dir)
  let child: ChildProcess | undefined
  const running = () => (child && child.exitCode === null && child.signalCode === null ? child : undefined)

  const start = async () => {
    child = tracked(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          ...persistence,
          ...(options.args ?? []),
          '--daemonize',
          'no',
          '--loglevel',
          'warning',
        ],
        { stdio: 'ignore' },
      ),
    )
    await waitForPort(port, 5000, child)
  }
  const stop = async () => {
    const current = running()
    if (!current) return
    const exited = once(current, 'exit')
    current.kill('SIGCONT') // a frozen (SIGSTOP) server would never see the SIGTERM
    current.kill('SIGTERM')
    const timer = setTimeout(() => current.kill('SIGKILL'), 2000)
    await exited
    clearTimeout(timer)
  }
  const crash = async () => {
    const current = running()
    if (!current) return
    const exited = once(current, 'exit')
    current.kill('SIGKILL')
    await exited
  }
  const signal = (name: NodeJS.Signals) => void running()?.kill(name)

  await start()
  return { port, url: `redis://127.0.0.1:${port}`, stop, start, crash, signal }
}

/** Thrown when there is no Redis to be had: a command prints the message and stops at once. */
export class RedisUnavailableError extends Error {}

/** The Redis a command runs against: REDIS_URL's when given, else a private one started here. */
export interface AcquiredRedis {
  readonly url: string
  readonly source: 'REDIS_URL' | 'started'
  /** Stops the private one; leaves REDIS_URL's alone. */
  stop(): Promise<void>
}

export async function acquireRedis(url: string | undefined): Promise<AcquiredRedis> {
  if (url) return { url, source: 'REDIS_URL', stop: async () => {} }
  if (!hasRedisServer()) throw new RedisUnavailableError(REDIS_MISSING_HELP)
  const server = await startRedisServer()
  return { url: server.url, source: 'started', stop: server.stop }
}
