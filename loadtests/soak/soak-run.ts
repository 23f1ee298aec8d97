import { readFileSync } from 'node:fs'
import { createHttpClient } from '../attacks/http-client.js'
import { loginAs } from '../attacks/run-attacks.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import { startVariantServer } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { ServerProcess } from '../runner/server-process.js'
import { startTimelineLoad, type TimelineLoad } from '../runner/timeline-client.js'
import type { VariantSpec } from '../runner/variants.js'

export interface SoakOptions {
  readonly minutes: number
  /** Steady GET /api/me per second, per server. */
  readonly rate: number
}

export interface SoakResult {
  readonly variant: string
  readonly requests: number
  readonly errors: number
  readonly churn_cycles: number
  readonly churn_errors: readonly string[]
  /** Resident set of the server process (/proc/<pid>/status VmRSS), in MiB. */
  readonly rss_mib: { readonly start: number; readonly after_warmup: number; readonly end: number; readonly growth_after_warmup_pct: number }
  /** V8 heap in use, from /api/admin/stats; null where the strategy has no admin (the baseline). */
  readonly heap_mib: { readonly start: number; readonly after_warmup: number; readonly end: number } | null
  /** The server's own event-loop delay p99 since start (/api/admin/stats), at the end. */
  readonly event_loop_delay_p99_ms: number | null
  /** Latency of GET /health, once a second, from outside: event-loop delay as a client feels it. */
  readonly health_ms: { readonly p50: number; readonly p99: number; readonly max: number }
  readonly latency_ms: { readonly p50: number; readonly p99: number }
}

const ADMIN = { username: 'admin', password: 'control-room' }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const percentile = (values: readonly number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0
const round = (value: number) => Math.round(value * 10) / 10

export function readRssMib(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** One server under soak: steady reads as alice, a login/logout/revoke-all churn as admin. */
async function soakOne(server: ServerProcess, variant: VariantSpec, options: SoakOptions, stopAt: number, warmupEnd: number) {
  const http = createHttpClient(server.url)
  const alice = await loginAs(http)
  const load: TimelineLoad = startTimelineLoad({ targets: [server.url], path: '/api/me', headers: alice.headers, connections: 4, ratePerSecond: options.rate })
  const rss = { start: readRssMib(server.pid), afterWarmup: Number.NaN, end: Number.NaN }
  const health: number[] = []
  const heap: number[] = []
  let heapAfterWarmup = Number.NaN
  let loopDelayP99: number | null = null
  const churnErrors: string[] = []
  let cycles = 0
  for (let second = 0; Date.now() < stopAt; second++) {
    if (Number.isNaN(rss.afterWarmup) && Date.now() >= warmupEnd) rss.afterWarmup = readRssMib(server.pid)
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
          heap.push(body.heap_used_bytes / 2 ** 20)
          if (Number.isNaN(heapAfterWarmup) && Date.now() >= warmupEnd) heapAfterWarmup = body.heap_used_bytes / 2 ** 20
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
  rss.end = readRssMib(server.pid)
  const records = load.records
  const latencies = records.map((record) => record.receivedAt - record.sentAt)
  return {
    variant: variant.id,
    requests: records.length,
    errors: records.filter((record) => record.status !== 200).length,
    churn_cycles: cycles,
    churn_errors: churnErrors.slice(0, 10),
    rss_mib: {
      start: round(rss.start),
      after_warmup: round(rss.afterWarmup),
      end: round(rss.end),
      growth_after_warmup_pct: round(((rss.end - rss.afterWarmup) / rss.afterWarmup) * 100),
    },
    heap_mib: heap.length ? { start: round(heap[0] ?? 0), after_warmup: round(heapAfterWarmup), end: round(heap.at(-1) ?? 0) } : null,
    event_loop_delay_p99_ms: loopDelayP99,
    health_ms: { p50: round(percentile(health, 0.5)), p99: round(percentile(health, 0.99)), max: round(Math.max(...health)) },
    latency_ms: { p50: round(percentile(latencies, 0.5)), p99: round(percentile(latencies, 0.99)) },
  }
}

/**
 * Steady load on every variant at once for `minutes`, with periodic login / logout / revoke-all:
 * errors, the server's RSS (from /proc) and V8 heap (from /api/admin/stats) at the start, after
 * warm-up (the first fifth, at most a minute) and at the end, its own event-loop delay p99, and
 * how long a trivial route takes to answer from outside.
 */
export async function runSoak(variants: readonly VariantSpec[], env: LabServerEnv, options: SoakOptions, progress: Progress): Promise<SoakResult[]> {
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
    progress.step(`soaking ${variants.map((variant) => variant.id).join(', ')} for ${options.minutes} min at ${options.rate} req/s each`, options.minutes * 60)
    const ticker = setInterval(() => progress.note(`${Math.round((Date.now() - now) / 1000)} s of ${options.minutes * 60} s`), 60_000)
    try {
      return await Promise.all(servers.map((server, index) => soakOne(server, variants[index] as VariantSpec, options, now + durationMs, warmupEnd)))
    } finally {
      clearInterval(ticker)
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}
