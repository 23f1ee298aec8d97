import { readProcessCpuMicros } from './process-cpu.js'

/**
 * A server's CPU time so far, in microseconds, from the two places it can be read: /proc/<pid>/stat
 * for a process on this machine, its Prometheus metrics (process_cpu_seconds_total, which prom-client
 * reads from process.cpuUsage() at each scrape: user + system, every thread) for one anywhere. Either
 * is undefined when it cannot be read. Over a replicated server, the sum of its processes.
 */
export interface ServerCpuReading {
  readonly procMicros?: number | undefined
  readonly metricsMicros?: number | undefined
}

export type ServerCpuReader = () => Promise<ServerCpuReading>

/** One server process: its pid on this machine, and/or its metrics URL (with a bearer token). */
export interface CpuSource {
  readonly pid?: number
  readonly metricsUrl?: string
  readonly metricsToken?: string
}

/** The sum of process_cpu_seconds_total over every series of one exposition (one per process). */
export function parseCpuSeconds(exposition: string): number | undefined {
  const values = [...exposition.matchAll(/^process_cpu_seconds_total(?:\{[^}]*\})? ([0-9.eE+-]+)/gm)].map((match) =>
    Number(match[1]),
  )
  return values.length > 0 && values.every(Number.isFinite) ? values.reduce((sum, value) => sum + value, 0) : undefined
}

/** Reads one metrics endpoint; throws with the reason (status, network) when it cannot. */
export async function readMetricsCpuMicros(url: string, token: string | undefined): Promise<number> {
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(5000),
  })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`)
  const seconds = parseCpuSeconds(text)
  if (seconds === undefined) throw new Error(`${url} has no process_cpu_seconds_total`)
  return seconds * 1_000_000
}

/** Sums one kind of reading over every process; undefined unless every process has it. */
async function sumOver<T>(items: readonly T[], read: (item: T) => Promise<number | undefined>) {
  if (items.length === 0) return undefined
  const values = await Promise.all(items.map(read))
  return values.every((value) => value !== undefined) ? values.reduce((sum, value) => sum + value, 0) : undefined
}

/** The reader for a server made of these processes: /proc where every one has a pid, metrics where every one has a URL. */
export function serverCpuReader(sources: readonly CpuSource[]): ServerCpuReader {
  const local = sources.every((source) => source.pid !== undefined)
  const scraped = sources.every((source) => source.metricsUrl !== undefined)
  return async () => ({
    ...(local && { procMicros: await sumOver(sources, async (source) => readProcessCpuMicros(source.pid as number)) }),
    ...(scraped && {
      metricsMicros: await sumOver(sources, (source) =>
        readMetricsCpuMicros(source.metricsUrl as string, source.metricsToken).catch(() => undefined),
      ),
    }),
  })
}

/** A counter's growth between two readings, per request; null when either is missing or nothing was done. */
export const perRequest = (before: number | undefined, after: number | undefined, requests: number) =>
  before === undefined || after === undefined || requests === 0 ? null : (after - before) / requests

/** CPU µs per request between two readings: /proc's when both have it, else the metrics'. */
export function cpuPerRequest(before: ServerCpuReading, after: ServerCpuReading, requests: number) {
  const proc = perRequest(before.procMicros, after.procMicros, requests)
  const metrics = perRequest(before.metricsMicros, after.metricsMicros, requests)
  return { server: proc ?? metrics, ...(proc !== null && metrics !== null && { metrics }) }
}
