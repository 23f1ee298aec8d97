import { quantile } from '../results/statistics.js'
import { ADMIN } from '../../servers/core/demo-data.js'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createHttpClient } from '../attacks/http-client.js'
import { loginAs } from '../attacks/run-attacks.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import { startVariantServer } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { ServerProcess } from '../runner/server-process.js'
import { startTimelineLoad, type TimelineLoad, type TimelineRecord } from '../runner/timeline-client.js'
import type { VariantSpec } from '../runner/variants.js'

export interface SoakOptions {
  readonly minutes: number
  /** Steady GET /api/me per second, per server. */
  readonly rate: number
}

/** Medians of a memory reading over the soak's windows, and the growth between the two that matter. */
export interface MemoryWindows {
  readonly start: number
  readonly after_warmup: number
  readonly end: number
  readonly growth_after_warmup_pct: number
}

export interface SoakResult {
  readonly variant: string
  readonly requests: number
  readonly errors: number
  /** Why requests failed, with how many of each: a status and the problem's code, or a network error. */
  readonly error_causes: Readonly<Record<string, number>>
  /** The first failed requests: seconds into the soak, status (0: no answer) and cause. */
  readonly first_errors: readonly { readonly at_s: number; readonly status: number; readonly cause: string }[]
  readonly churn_cycles: number
  readonly churn_errors: readonly string[]
  /**
   * Resident set of the server process (/proc/<pid>/status VmRSS), in MiB, read every second:
   * `after_warmup` is the median of the 30 s after warm-up, `end` the median of the last 30 s, so
   * that one garbage collection at the wrong moment does not decide the verdict.
   */
  readonly rss_mib: MemoryWindows
  /** V8 heap in use, from /api/admin/stats every 5 s, the same windows; null without an admin (the baseline). */
  readonly heap_mib: MemoryWindows | null
  /** The server's own event-loop delay p99 since its first stats request, the soak's first second (/api/admin/stats), at the end. */
  readonly event_loop_delay_p99_ms: number | null
  /** Latency of GET /health, once a second, from outside: event-loop delay as a client feels it. */
  readonly health_ms: { readonly p50: number; readonly p99: number; readonly max: number }
  readonly latency_ms: { readonly p50: number; readonly p99: number }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** 0 rather than NaN for an empty series, so the table and the JSON stay numeric. */
const percentile = (values: readonly number[], q: number) => (values.length > 0 ? quantile(values, q) : 0)
const round = (value: number) => Math.round(value * 10) / 10
const WINDOW_MS = 30_000

interface Reading {
  readonly at: number
  readonly mib: number
}

/** Start, after warm-up and end of a memory series, each window a median (see SoakResult). */
export function memoryFigures(readings: readonly Reading[], warmupEnd: number, stopAt: number) {
  const medianOf = (from: number, to: number) => {
    const inside = readings.filter((reading) => reading.at >= from && reading.at < to).map((reading) => reading.mib)
    return inside.length ? percentile(inside, 0.5) : Number.NaN
  }
  const afterWarmup = medianOf(warmupEnd, warmupEnd + WINDOW_MS)
  const end = medianOf(stopAt - WINDOW_MS, Number.POSITIVE_INFINITY)
  return {
    start: round(readings[0]?.mib ?? Number.NaN),
    after_warmup: round(afterWarmup),
    end: round(end),
    growth_after_warmup_pct: round(((end - afterWarmup) / afterWarmup) * 100),
  }
}

/** How many failed requests of each cause, and the first few with their time. */
function describeErrors(records: readonly TimelineRecord[], startedAt: number) {
  const failed = records.filter((record) => record.status !== 200)
  const causes: Record<string, number> = {}
  for (const record of failed) {
    const cause = `${record.status} ${record.failure ?? ''}`.trim()
    causes[cause] = (causes[cause] ?? 0) + 1
  }
  const first = failed.slice(0, 10).map((record) => ({
    at_s: round((record.sentAt - startedAt) / 1000),
    status: record.status,
    cause: record.failure ?? '',
  }))
  return { errors: failed.length, error_causes: causes, first_errors: first }
}

export function readRssMib(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** One server under soak: steady reads as alice, a login/logout/revoke-all churn as admin. */
async function soakOne(
  server: ServerProcess,
  variant: VariantSpec,
  options: SoakOptions,
  stopAt: number,
  warmupEnd: number,
) {
  const http = createHttpClient(server.url)
  const alice = await loginAs(http)
  const startedAt = performance.now()
  const load: TimelineLoad = startTimelineLoad({
    targets: [server.url],
    path: '/api/me',
    headers: alice.headers,
    connections: 4,
    ratePerSecond: options.rate,
  })
  const rss: Reading[] = []
  const health: number[] = []
  const heap: Reading[] = []
  let loopDelayP99: number | null = null
  const churnErrors: string[] = []
  let cycles = 0
  for (let second = 0; Date.now() < stopAt; second++) {
    rss.push({ at: Date.now(), mib: readRssMib(server.pid) })
    health.push((await http('GET', '/health', { timeoutMs: 5000 }).catch(() => ({ ms: 5000 }))).ms)
    // Every 5 s a whole credential life cycle; every 30 s "log out everywhere" instead of logout.
    if (second % 5 === 0) {
      cycles += 1
      try {
        const admin = await loginAs(http, ADMIN)
        const me = await http('GET', '/api/me', { headers: admin.headers })
        const stats = await http('GET', '/api/admin/stats', { headers: admin.headers })
        if (stats.status === 200) {
          const body = JSON.parse(stats.text) as { heap_used_bytes: number; event_loop_delay_p99_ms: number }
          heap.push({ at: Date.now(), mib: body.heap_used_bytes / 2 ** 20 })
          loopDelayP99 = body.event_loop_delay_p99_ms
        }
        const path = second % 30 === 0 ? '/auth/revoke-all' : '/auth/logout'
        const out = await http('POST', path, { headers: admin.headers })
        if (me.status !== 200 || out.status !== 204) churnErrors.push(`${path}: me ${me.status}, revoke ${out.status}`)
      } catch (error) {
        churnErrors.push((error as Error).message)
      }
    }
    await sleep(1000)
  }
  await load.stop()
  rss.push({ at: Date.now(), mib: readRssMib(server.pid) })
  const records = load.records
  const latencies = records.map((record) => record.receivedAt - record.sentAt)
  return {
    variant: variant.id,
    requests: records.length,
    ...describeErrors(records, startedAt),
    churn_cycles: cycles,
    churn_errors: churnErrors.slice(0, 10),
    rss_mib: memoryFigures(rss, warmupEnd, stopAt),
    heap_mib: heap.length ? memoryFigures(heap, warmupEnd, stopAt) : null,
    event_loop_delay_p99_ms: loopDelayP99,
    health_ms: {
      p50: round(percentile(health, 0.5)),
      p99: round(percentile(health, 0.99)),
      max: round(Math.max(...health)),
    },
    latency_ms: { p50: round(percentile(latencies, 0.5)), p99: round(percentile(latencies, 0.99)) },
  }
}

/**
 * Steady load on every variant at once for `minutes`, with periodic login / logout / revoke-all:
 * errors, the server's RSS (from /proc) and V8 heap (from /api/admin/stats) at the start, after
 * warm-up (the first fifth, at most a minute) and at the end, its own event-loop delay p99, and
 * how long a trivial route takes to answer from outside.
 */
export async function runSoak(
  variants: readonly VariantSpec[],
  env: LabServerEnv,
  options: SoakOptions,
  progress: Progress,
): Promise<SoakResult[]> {
  progress.step(`starting ${variants.length} servers`, 0)
  const started = await Promise.allSettled(variants.map((variant) => startVariantServer(variant, env)))
  const servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
  try {
    const failed = started.find((outcome) => outcome.status === 'rejected')
    if (failed) throw failed.reason
    const durationMs = options.minutes * 60_000
    const now = Date.now()
    const warmupEnd = now + Math.min(60_000, durationMs / 5)
    progress.plan(options.minutes * 60)
    progress.step(
      `soaking ${variants.map((variant) => variant.id).join(', ')} for ${options.minutes} min at ${options.rate} req/s each`,
      options.minutes * 60,
    )
    const ticker = setInterval(
      () => progress.note(`${Math.round((Date.now() - now) / 1000)} s of ${options.minutes * 60} s`),
      60_000,
    )
    try {
      return await Promise.all(
        servers.map((server, index) =>
          soakOne(server, variants[index] as VariantSpec, options, now + durationMs, warmupEnd),
        ),
      )
    } finally {
      clearInterval(ticker)
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}
