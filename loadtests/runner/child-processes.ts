import type { ChildProcess } from 'node:child_process'
import { constants } from 'node:os'

/**
 * Every process the lab starts (servers, redis-server, sentinels, HAProxy, wrk, delay proxies), so
 * that a signal to the lab alone stops them too. Ctrl-C in a terminal reaches the whole process
 * group, children included; `kill <pid>`, a supervisor or a CI timeout signals the lab only, and
 * without this its servers and its Redis went on running, holding their ports.
 */
const running = new Set<ChildProcess>()

/** Remembers `child` until it exits; returns it, so a spawn can be wrapped where it stands. */
export function tracked<T extends ChildProcess>(child: T): T {
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const

/**
 * On SIGTERM, SIGHUP or SIGINT: kill every tracked child (SIGCONT first, for one frozen on purpose),
 * then exit as a process killed by that signal would (128 + its number). A command that stops
 * gracefully on a signal (serve) installs its own handlers instead.
 */
export function stopChildrenOnSignal(): void {
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      for (const child of running) {
        child.kill('SIGCONT')
        child.kill('SIGKILL')
      }
      console.error(`\nauthlab: stopped by ${signal}; ${running.size} child process(es) killed`)
      process.exit(128 + constants.signals[signal])
    })
  }
}
