import { spawn } from 'node:child_process'
import { tracked } from './child-processes.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The two load generators a read burst can use: `--engine wrk` is the witness for autocannon's numbers. */
export const ENGINES = ['autocannon', 'wrk'] as const
export type Engine = (typeof ENGINES)[number]

/** The part of autocannon's result a burst reads, which a wrk run is translated into. */
export interface LoadResult {
  readonly requests: { readonly total: number }
  readonly duration: number
  readonly latency: {
    readonly p50: number
    readonly p90: number
    readonly p97_5: number
    readonly p99: number
    readonly max: number
  }
  readonly errors: number
  readonly timeouts: number
  readonly statusCodeStats: Record<string, { count: number }>
}

/**
 * wrk's `done` hook, in Lua: one JSON line with what the lab needs (wrk's own summary has no p97.5
 * and no per-status counts). Latencies come in microseconds; `status` counts answers that were not
 * 2xx or 3xx.
 */
const REPORT_SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"duration_us":%d,"requests":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p90":%d,"p97_5":%d,"p99":%d,"max":%d}\\n',
    summary.duration, summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(97.5), latency:percentile(99), latency.max))
end
`

let scriptPath: string | undefined
const reportScript = () => {
  if (!scriptPath) {
    scriptPath = join(mkdtempSync(join(tmpdir(), 'authlab-wrk-')), 'report.lua')
    writeFileSync(scriptPath, REPORT_SCRIPT)
  }
  return scriptPath
}

export interface WrkRequest {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

/**
 * One wrk run (one thread, like autocannon in the harness process), GET only: the read scenarios.
 * Unlike autocannon, wrk keeps to the duration it is given (a 1 s run lasts about 1.0-1.1 s).
 */
export async function runWrk(request: WrkRequest, connections: number, durationS: number): Promise<LoadResult> {
  if (request.method !== 'GET' || request.body !== undefined)
    throw new TypeError('--engine wrk loads the read scenarios (GET) only; the login storm uses autocannon')
  const headers = Object.entries(request.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`])
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, '-s', reportScript(), ...headers, request.url]
  const output = await new Promise<string>((resolve, reject) => {
    const child = tracked(spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] }))
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.on('error', (error) =>
      reject(new Error(`wrk could not run (${error.message}): install it (Debian: apt-get install wrk)`)),
    )
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text.trim()}`))))
  })
  const line = output.split('\n').find((entry) => entry.startsWith('{"duration_us"'))
  if (!line) throw new Error(`wrk printed no report: ${output.trim()}`)
  const report = JSON.parse(line) as Record<string, number>
  const at = (key: string) => (report[key] ?? 0) / 1000
  const requests = report.requests ?? 0
  const notOk = report.status ?? 0
  return {
    requests: { total: requests },
    duration: (report.duration_us ?? 0) / 1e6,
    latency: { p50: at('p50'), p90: at('p90'), p97_5: at('p97_5'), p99: at('p99'), max: at('max') },
    errors: (report.connect ?? 0) + (report.read ?? 0) + (report.write ?? 0),
    timeouts: report.timeout ?? 0,
    statusCodeStats: {
      ...(requests - notOk > 0 && { '200': { count: requests - notOk } }),
      ...(notOk > 0 && { 'not 2xx/3xx': { count: notOk } }),
    },
  }
}
