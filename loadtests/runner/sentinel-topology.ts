import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { tracked } from './child-processes.js'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from 'redis'
import { startLagProxy } from './lag-proxy.js'
import { freePort, startRedisServer, type RedisServer } from './redis-server.js'

/**
 * A replicated Redis with automatic failover, all on loopback: a primary, one replica, and three
 * sentinels (quorum 2) watching it. Short timeouts make a failover take seconds, not the default
 * 30 s+: a sentinel calls the primary down after `downAfterMs` without an answer, then the
 * sentinels agree, elect a leader and promote the replica.
 */
export interface SentinelTopology {
  readonly name: string
  readonly primary: RedisServer
  readonly replica: RedisServer
  readonly sentinelPorts: readonly number[]
  /** The env a server needs to find the primary through the sentinels. */
  readonly serverEnv: { readonly REDIS_SENTINELS: string; readonly REDIS_SENTINEL_NAME: string }
  /** The port of the node the sentinels call primary now (asks the first sentinel that answers). */
  primaryPort(): Promise<number | undefined>
  /** Resolves with the new primary's port once the sentinels name another node than `oldPort`. */
  waitForPromotion(oldPort: number, timeoutMs: number): Promise<number>
  stop(): Promise<void>
}

export interface SentinelTopologyOptions {
  readonly name?: string
  readonly downAfterMs?: number
  readonly failoverTimeoutMs?: number
  /** Hold replication bytes this long on their way to the replica (lag-proxy.ts); 0: a direct link. */
  readonly replicationLagMs?: number
}

export function hasSentinel(): boolean {
  return spawnSync('redis-sentinel', ['--version'], { stdio: 'ignore' }).status === 0
}

async function ask(port: number, command: string[]): Promise<unknown> {
  const client = createClient({ socket: { host: '127.0.0.1', port, connectTimeout: 500, reconnectStrategy: false } })
  client.on('error', () => {})
  try {
    await client.connect()
    return await client.sendCommand(command)
  } finally {
    if (client.isOpen) client.destroy()
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    await pause(100)
  }
  throw new Error(`${what} within ${timeoutMs} ms`)
}

export async function startSentinelTopology(options: SentinelTopologyOptions = {}): Promise<SentinelTopology> {
  const { name = 'authlab', downAfterMs = 1000, failoverTimeoutMs = 3000, replicationLagMs = 0 } = options
  const dir = await mkdtemp(join(tmpdir(), 'authlab-sentinel-'))
  // A replica receives the primary's snapshot as a file: keep it in the temporary directory.
  const primary = await startRedisServer({ args: ['--dir', dir] })
  const link = replicationLagMs > 0 ? await startLagProxy(primary.port, replicationLagMs) : undefined
  const replica = await startRedisServer({
    args: ['--dir', dir, '--replicaof', '127.0.0.1', String(link?.port ?? primary.port)],
  })
  const sentinels: ChildProcess[] = []
  const sentinelPorts: number[] = []
  const stop = async () => {
    await Promise.all(
      sentinels.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = once(child, 'exit')
        child.kill('SIGKILL')
        await exited
      }),
    )
    await Promise.all([primary.stop(), replica.stop(), link?.close()])
    await rm(dir, { recursive: true, force: true })
  }
  try {
    // The replica in sync first: a sentinel asks the primary for its replicas (INFO) at once, then
    // only every 10 s, so one started earlier would wait that long to learn of the replica.
    await until('the replica did not sync', 10_000, async () => {
      const info = String(await ask(primary.port, ['INFO', 'replication']))
      return /slave0:.*state=online/.test(info) ? true : undefined
    })
    for (let index = 0; index < 3; index++) {
      const port = await freePort()
      // A sentinel rewrites its config file as it learns the topology: each gets its own, writable.
      const file = join(dir, `sentinel-${port}.conf`)
      await writeFile(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
          `sentinel failover-timeout ${name} ${failoverTimeoutMs}`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      )
      sentinels.push(tracked(spawn('redis-sentinel', [file, '--loglevel', 'warning'], { stdio: 'ignore' })))
      sentinelPorts.push(port)
    }
    // Then every sentinel knows the replica and the two others (sentinels find each other through
    // hello messages every 2 s; a failover needs a quorum).
    await until('the sentinels did not find each other and the replica', 20_000, async () => {
      for (const port of sentinelPorts) {
        const fields = (await ask(port, ['SENTINEL', 'MASTER', name])) as string[]
        const field = (key: string) => fields[fields.indexOf(key) + 1]
        if (field('num-other-sentinels') !== '2' || field('num-slaves') !== '1') return undefined
      }
      return true
    })
  } catch (error) {
    await stop()
    throw error
  }
  const primaryPort = async () => {
    for (const port of sentinelPorts) {
      const address = (await ask(port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name]).catch(() => null)) as
        string[] | null
      if (address) return Number(address[1])
    }
    return undefined
  }
  return {
    name,
    primary,
    replica,
    sentinelPorts,
    serverEnv: {
      REDIS_SENTINELS: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
      REDIS_SENTINEL_NAME: name,
    },
    primaryPort,
    waitForPromotion: (oldPort, timeoutMs) =>
      until('the sentinels promoted no replica', timeoutMs, async () => {
        const port = await primaryPort()
        return port !== undefined && port !== oldPort ? port : undefined
      }),
    stop,
  }
}
