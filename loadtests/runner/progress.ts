/** Progress on screen for a run that takes minutes: what is running now, and how long is left. */
export interface Progress {
  /** Seconds of work the run expects in total; "time left" is scaled by how the run keeps pace. */
  plan(seconds: number): void
  /** Announces the next step, and counts its planned seconds as done once the following one starts. */
  step(label: string, plannedSeconds: number): void
  note(message: string): void
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`

export function createProgress(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Progress {
  const startedAt = Date.now()
  let planned = 0
  let plannedAt = startedAt
  let done = 0
  let pending = 0
  return {
    plan(seconds) {
      planned = seconds
      plannedAt = Date.now()
      done = 0
      pending = 0
    },
    step(label, plannedSeconds) {
      done += pending
      pending = plannedSeconds
      const elapsed = (Date.now() - startedAt) / 1000
      // Bursts come with overhead (settling, Redis reads); scale the rest by the pace since planning.
      const pace = done > 0 ? Math.max(1, (Date.now() - plannedAt) / 1000 / done) : 1
      const left = Math.max(0, planned - done) * pace
      write(`[${clock(elapsed)} elapsed, ~${clock(left)} left] ${label}`)
    },
    note(message) {
      write(`  ${message}`)
    },
  }
}

/** For tests and library use: the same interface, printing nothing. */
export const silentProgress: Progress = { plan() {}, step() {}, note() {} }
