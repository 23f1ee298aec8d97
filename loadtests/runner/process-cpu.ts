import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

// /proc counts CPU time in clock ticks; USER_HZ is 100 on nearly every Linux, but ask to be sure.
const ticksPerSecond = (() => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
  const value = Number(answer.stdout?.trim())
  return Number.isInteger(value) && value > 0 ? value : 100
})()

/**
 * CPU time (user + system, all threads: the event loop, the GC and the crypto thread pool) a process
 * has used so far, in microseconds, read from /proc/<pid>/stat. Undefined where there is no /proc
 * (macOS): the results then carry no server CPU rather than a made-up one. Resolution is one tick
 * (10 ms), so it is only meaningful over bursts of a second or more.
 */
export function readProcessCpuMicros(pid: number): number | undefined {
  return readCpuMicros(`/proc/${pid}/stat`)
}

/** The same for one thread of a process (the main thread's id is the process id). */
export function readThreadCpuMicros(pid: number, tid: number): number | undefined {
  return readCpuMicros(`/proc/${pid}/task/${tid}/stat`)
}

function readCpuMicros(path: string): number | undefined {
  let stat: string
  try {
    stat = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 here (state is field 3).
  const ticks = Number(fields[11]) + Number(fields[12])
  return Number.isFinite(ticks) ? (ticks * 1_000_000) / ticksPerSecond : undefined
}

/**
 * Waits until a process has stopped burning CPU (less than one tick per `stepMs`), up to `maxMs`.
 * After a login burst the server is still hashing passwords that autocannon stopped waiting for;
 * that leftover work must not run during the next server's burst.
 */
export async function waitUntilIdle(pid: number, stepMs = 100, maxMs = 5000): Promise<void> {
  const tickMicros = 1_000_000 / ticksPerSecond
  let last = readProcessCpuMicros(pid)
  for (let waited = 0; last !== undefined && waited < maxMs; waited += stepMs) {
    await new Promise((resolve) => setTimeout(resolve, stepMs))
    const now = readProcessCpuMicros(pid)
    if (now === undefined || now - last < tickMicros) return
    last = now
  }
}
