/**
 * Refused requests, counted by code instead of logged one by one. A flood of forged credentials
 * would otherwise write a log line per request: the flood's cost doubled, and the log unreadable
 * (or rotated away) exactly when someone needs it. One summary line per interval keeps what matters:
 * that refusals happened, how many, and of which kind.
 */
export interface RefusalLog {
  /** Counts one refused request. */
  count(code: string): void
  /** Totals since the server started, by code (GET /api/admin/stats shows them). */
  totals(): Readonly<Record<string, number>>
  /** Writes the summary line of what was refused since the last one, if anything was. */
  flush(): void
  /** Flushes and stops the timer. */
  close(): void
}

export const REFUSAL_LOG_INTERVAL_MS = 60_000

export function createRefusalLog(
  log: (message: string) => void,
  intervalMs: number = REFUSAL_LOG_INTERVAL_MS,
): RefusalLog {
  const recent = new Map<string, number>()
  const total = new Map<string, number>()
  let since = Date.now()
  const flush = () => {
    if (recent.size > 0) {
      const counts = [...recent].sort((a, b) => b[1] - a[1])
      const sum = counts.reduce((acc, [, count]) => acc + count, 0)
      const seconds = Math.max(1, Math.round((Date.now() - since) / 1000))
      log(`refused ${sum} requests in ${seconds} s: ${counts.map(([code, count]) => `${code} ${count}`).join(', ')}`)
      recent.clear()
    }
    since = Date.now()
  }
  // unref: a summary line never keeps a stopping process alive.
  const timer = setInterval(flush, intervalMs).unref()
  return {
    count(code) {
      recent.set(code, (recent.get(code) ?? 0) + 1)
      total.set(code, (total.get(code) ?? 0) + 1)
    },
    totals: () => Object.fromEntries(total),
    flush,
    close() {
      clearInterval(timer)
      flush()
    },
  }
}
