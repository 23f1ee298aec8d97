import { createClient } from 'redis'

/** Redis's own counters at one moment: subtract two to get what a burst cost Redis. */
export interface RedisSnapshot {
  /** used_cpu_user + used_cpu_sys of the redis-server process, in microseconds. */
  readonly cpuMicros: number
  /** Commands executed, from INFO commandstats, leaving out our own INFO calls. */
  readonly commands: number
}

export interface RedisProbe {
  readonly version: string
  snapshot(): Promise<RedisSnapshot>
  close(): Promise<void>
}

/** `key:value` lines of one INFO section. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1))
  }
  return fields
}

export function parseSnapshot(cpuInfo: string, commandInfo: string): RedisSnapshot {
  const cpu = parseInfo(cpuInfo)
  const cpuSeconds = Number(cpu.get('used_cpu_user') ?? NaN) + Number(cpu.get('used_cpu_sys') ?? NaN)
  let commands = 0
  for (const [key, value] of parseInfo(commandInfo)) {
    // The probe's own INFO calls would otherwise be counted as work the server caused.
    if (key === 'cmdstat_info') continue
    commands += Number(/calls=(\d+)/.exec(value)?.[1] ?? 0)
  }
  return { cpuMicros: cpuSeconds * 1_000_000, commands }
}

export async function createRedisProbe(url: string): Promise<RedisProbe> {
  const client = createClient({ url })
  client.on('error', () => {
    // A lost connection shows up as a failed snapshot; an unhandled 'error' would crash the lab.
  })
  await client.connect()
  const version = parseInfo(await client.info('server')).get('redis_version') ?? 'unknown'
  return {
    version,
    snapshot: async () => parseSnapshot(await client.info('cpu'), await client.info('commandstats')),
    close: async () => {
      await client.close().catch(() => client.destroy())
    },
  }
}
