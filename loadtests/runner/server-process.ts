import { spawn } from 'node:child_process'
import { tracked } from './child-processes.js'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

/** A server running in its own process: the load generator never shares an event loop with it. */
export interface ServerProcess {
  readonly url: string
  readonly pid: number
  /** The last lines it printed: the reason to show when it fails. */
  output(): string
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

export interface SpawnServerOptions {
  /** Shown in error messages. */
  readonly label: string
  /** Arguments for `node`: a script and its own arguments. */
  readonly args: readonly string[]
  readonly env: NodeJS.ProcessEnv
  /** CPU list for `taskset -c` (e.g. "1"); undefined runs the server unpinned. */
  readonly cpus?: string
  readonly startTimeoutMs?: number
}

// Every lab server (and the ceiling server) prints this once it accepts connections.
const LISTENING = /listening on (http:\/\/\S+)/

export async function spawnServer({
  label,
  args,
  env,
  cpus,
  startTimeoutMs = 30_000,
}: SpawnServerOptions): Promise<ServerProcess> {
  // taskset execs node in place, so the pid we get is the server's own: what /proc/<pid>/stat needs.
  const [command, argv] =
    cpus === undefined ? [process.execPath, args] : ['taskset', ['-c', cpus, process.execPath, ...args]]
  const child = tracked(spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] }))
  const lines: string[] = []
  const keep = (line: string) => {
    lines.push(line)
    if (lines.length > 20) lines.shift()
  }
  createInterface({ input: child.stderr }).on('line', keep)
  const stdout = createInterface({ input: child.stdout })
  const exited = once(child, 'exit')
  const output = () => lines.join('\n')

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} did not start within ${startTimeoutMs} ms\n${output()}`)),
      startTimeoutMs,
    )
    stdout.on('line', (line) => {
      keep(line)
      const match = LISTENING.exec(line)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('error', (error) => reject(new Error(`${label} could not start: ${error.message}`)))
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${label} exited before listening (code ${code}, signal ${signal})\n${output()}`))
    })
  }).catch(async (error: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    throw error
  })

  return {
    url,
    pid: child.pid ?? -1,
    output,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
