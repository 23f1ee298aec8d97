/**
 * `--store-failure open` accepts tokens without asking the denylist while its store is down: a
 * revoked token gets 200. That is INSECURE by design (it is here to be measured), and it must never
 * be silent: a fail-closed server and a fail-open one used to log the same "redis unreachable", so
 * nobody reading the log could tell that revoked tokens were getting in.
 *
 * So, per outage: one line at the first token let through, one line at most every `intervalMs`
 * while more are, and one when the denylist answers again, each with the running count. Rate-limited,
 * because an outage under load lets thousands through a second, and a line each would flood the log
 * (and cost more than the requests). The totals since start are in /health.
 */
export interface FailOpenCounts {
  /** Outages during which at least one token was accepted unchecked. */
  readonly outages: number
  /** Requests accepted without the denylist, since start. */
  readonly accepted_unchecked: number
}

export interface FailOpenLog {
  /** A token was accepted without its denylist check. */
  accepted(): void
  /** The denylist answered: an outage in progress is over. */
  storeAnswered(): void
  counts(): FailOpenCounts
  close(): void
}

export const FAIL_OPEN_LOG_INTERVAL_MS = 10_000

const requests = (count: number) => `${count} request${count === 1 ? '' : 's'}`

export function createFailOpenLog(
  log: (message: string) => void,
  intervalMs: number = FAIL_OPEN_LOG_INTERVAL_MS,
): FailOpenLog {
  let outages = 0
  let total = 0
  // The outage in progress: how many it let through, how many of those no line has told yet.
  let current = 0
  let untold = 0
  let timer: NodeJS.Timeout | undefined
  const tell = (when: string) => {
    log(`INSECURE: failing open, ${requests(current)} accepted unchecked ${when} (revoked tokens get in)`)
    untold = 0
  }
  return {
    accepted() {
      total += 1
      current += 1
      untold += 1
      if (current > 1) return
      // The first one of an outage is told at once; the rest at most once an interval.
      outages += 1
      tell('since the denylist stopped answering')
      // unref: a log line never keeps a stopping process alive.
      timer = setInterval(() => {
        if (untold > 0) tell('in this outage so far')
      }, intervalMs).unref()
    },
    storeAnswered() {
      if (current === 0) return
      clearInterval(timer)
      log(`INSECURE: failed open for ${requests(current)} accepted unchecked; the denylist answers again`)
      current = 0
      untold = 0
    },
    counts: () => ({ outages, accepted_unchecked: total }),
    close: () => clearInterval(timer),
  }
}
