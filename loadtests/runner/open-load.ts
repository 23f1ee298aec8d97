import { Agent } from 'node:http'
import { performance } from 'node:perf_hooks'
import { timedRequest, type TimelineLoad, type TimelineRecord } from './timeline-client.js'

export interface OpenLoadOptions {
  readonly url: string
  /** Header sets sent in turn: request i carries `headerSets[i % n]`, and its record's `replica` is that index. */
  readonly headerSets: readonly Readonly<Record<string, string>>[]
  readonly ratePerSecond: number
  /** A request with no answer by then is given up and recorded as `NO_ANSWER` (status 0). */
  readonly giveUpMs: number
  /** Requests in flight at most; beyond it a request is not sent, and counted in `skipped`. */
  readonly maxInFlight: number
}

export interface OpenLoad extends TimelineLoad {
  /** Requests due while `maxInFlight` were already waiting: the server was that far behind. */
  skipped(): number
}

/**
 * Open-model load: requests leave on a fixed schedule whether or not earlier ones were answered,
 * as users arrive whether or not the server is slow. A closed loop (autocannon, or a worker that
 * waits for its answer, like startTimelineLoad) sends less while answers are slow, so it hides
 * added latency and a stalled dependency behind its own concurrency. Each request is recorded by
 * the same client the revocation timelines use (timedRequest).
 */
export function startOpenLoad({ url, headerSets, ratePerSecond, giveUpMs, maxInFlight }: OpenLoadOptions): OpenLoad {
  const records: TimelineRecord[] = []
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight })
  const intervalMs = 1000 / ratePerSecond
  const startedAt = performance.now()
  const pending = new Set<Promise<void>>()
  let sent = 0
  let skipped = 0
  let timer: NodeJS.Timeout | undefined

  const sendOne = (index: number) => {
    if (pending.size >= maxInFlight) {
      skipped++
      return
    }
    const headers = headerSets[index % headerSets.length] ?? {}
    const request = timedRequest({ url, agent, headers, replica: index % headerSets.length, giveUpMs }).then(
      (record) => {
        records.push(record)
        pending.delete(request)
      },
    )
    pending.add(request)
  }
  // Every request due by now is sent (the schedule is absolute: a late timer catches up, never drifts).
  const tick = () => {
    const due = Math.floor((performance.now() - startedAt) / intervalMs) + 1
    while (sent < due) sendOne(sent++)
    timer = setTimeout(tick, Math.max(1, startedAt + sent * intervalMs - performance.now()))
  }
  tick()

  return {
    records,
    skipped: () => skipped,
    async stop() {
      clearTimeout(timer)
      await Promise.all(pending)
      agent.destroy()
    },
  }
}
