/** Progress on screen for a run that takes minutes: what is running now, and how long is left. */
export interface Progress {
  /** Seconds of work the run expects in total; "time left" is scaled by how the run keeps pace. */
  plan(seconds: number): void
  /** Announces the next step, and counts its planned seconds as done once the following one starts. */
  step(label: string, plannedSeconds: number): void
  note(message: string): void
  /** The run is over: a terminal's status line is ended, so that what follows starts on a line of its own. */
  end(): void
}

/** Where progress goes: a terminal gets one line redrawn in place, a pipe or a file plain lines. */
export interface ProgressOutput {
  write(text: string): void
  readonly tty: boolean
  /** A terminal's width: the status line is cut to fit, so that redrawing it never scrolls. */
  readonly columns?: number
  /** For tests: the clock, in ms. */
  readonly now?: () => number
}

/** m:ss, rounded before it is split, so that 119.6 s reads 2:00 and never 1:60. */
export const clock = (seconds: number) => {
  const whole = Math.max(0, Math.round(seconds))
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`
}

const CLEAR_LINE = '\r\x1b[2K'

const stderrOutput = (): ProgressOutput => ({
  write: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
  ...(process.stderr.columns && { columns: process.stderr.columns }),
})

export function createProgress(output: ProgressOutput = stderrOutput()): Progress {
  const now = output.now ?? Date.now
  const startedAt = now()
  let planned: number | undefined
  let plannedAt = startedAt
  let done = 0
  let pending = 0
  let stepAt = startedAt
  let label = ''
  let timer: NodeJS.Timeout | undefined

  const status = () => {
    const at = now()
    const elapsed = `${clock((at - startedAt) / 1000)} elapsed`
    if (planned === undefined) return `[${elapsed}] ${label}`
    // Bursts come with overhead (settling, Redis reads): the rest is scaled by the pace of the steps
    // done so far; the step under way counts for the time it has run, up to its plan.
    const pace = done > 0 ? Math.max(1, (stepAt - plannedAt) / 1000 / done) : 1
    const current = Math.min(pending, (at - stepAt) / 1000)
    const left = Math.max(0, planned - done - current) * pace
    return `[${elapsed}, ~${clock(left)} left] ${label}`
  }
  const draw = () => {
    const line = status()
    const width = (output.columns ?? 80) - 1
    output.write(`${CLEAR_LINE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`)
  }

  return {
    plan(seconds) {
      planned = seconds
      plannedAt = now()
      done = 0
      pending = 0
    },
    step(next, plannedSeconds) {
      done += pending
      pending = plannedSeconds
      stepAt = now()
      label = next
      if (!output.tty) {
        output.write(`${status()}\n`)
        return
      }
      draw()
      // The clock keeps moving between steps: redrawn every second (never keeping the process alive).
      timer ??= setInterval(draw, 1000).unref()
    },
    note(message) {
      if (!output.tty) {
        output.write(`  ${message}\n`)
        return
      }
      output.write(`${CLEAR_LINE}  ${message}\n`)
      if (label) draw()
    },
    end() {
      clearInterval(timer)
      timer = undefined
      if (output.tty && label) output.write(`${CLEAR_LINE}${status()}\n`)
      label = ''
    },
  }
}

/** For tests and library use: the same interface, printing nothing. */
export const silentProgress: Progress = { plan() {}, step() {}, note() {}, end() {} }
