/**
 * A TCP proxy that puts distance between the servers and Redis: every chunk waits rtt/2 before it
 * is passed on, in each direction, so a request-reply round trip gains one RTT. It models network
 * distance only (propagation delay), not a loaded Redis, loss or limited bandwidth. No kernel netem
 * on these machines, so it is a process of its own: run as a script, it never shares an event loop
 * with the servers or the load generator it sits between.
 *
 *   node --import tsx loadtests/store/delay-proxy.ts <target-port> <rtt-ms>   (prints its port)
 */
import { spawn } from 'node:child_process'
import { tracked } from '../runner/child-processes.js'
import { createServer, connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/**
 * Chunks in arrival order with their release times: every delay is the same, so the queue stays in
 * order. Node's timers count whole milliseconds (setTimeout(0.25) waits about 1 ms), which turned a
 * 0.5 ms RTT into 2-3 ms (and fire a few tenths late): so a timer covers the wait but its last half
 * millisecond or so, which is waited out with setImmediate: a little CPU, in this process only.
 */
function delayedPipe(from: Socket, to: Socket, delayMs: number): void {
  const queue: { at: number; chunk: Buffer | null }[] = []
  let waiting = false
  const pass = (chunk: Buffer | null) => (chunk === null ? to.end() : to.write(chunk))
  const release = () => {
    const now = performance.now()
    while (queue.length > 0 && (queue[0]?.at ?? Infinity) <= now)
      pass((queue.shift() as { chunk: Buffer | null }).chunk)
    waiting = queue.length > 0
    // Never a second wait: the head of the queue is always the earliest chunk.
    if (waiting) waitUntil((queue[0]?.at ?? now) - now)
  }
  const waitUntil = (remainingMs: number) =>
    remainingMs >= 1.5 ? setTimeout(release, Math.floor(remainingMs - 0.5)) : setImmediate(release)
  const enqueue = (chunk: Buffer | null) => {
    // No distance, no queue (unless chunks still wait, whose order must be kept).
    if (delayMs === 0 && !waiting) return void pass(chunk)
    queue.push({ at: performance.now() + delayMs, chunk })
    if (!waiting) {
      waiting = true
      waitUntil(delayMs)
    }
  }
  from.on('data', (chunk: Buffer) => enqueue(chunk))
  from.on('end', () => enqueue(null)) // a close travels as far as the data before it, no faster
  from.on('close', () => queue.splice(0)) // nothing left to deliver to
}

/** Listens on a free port on loopback; resolves with it. */
export async function listenDelayProxy(targetPort: number, rttMs: number): Promise<number> {
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    const fail = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', fail)
    upstream.on('error', fail)
    client.setNoDelay(true)
    upstream.setNoDelay(true)
    delayedPipe(client, upstream, rttMs / 2)
    delayedPipe(upstream, client, rttMs / 2)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

export interface DelayProxy {
  readonly port: number
  readonly url: string
  readonly rttMs: number
  stop(): Promise<void>
}

/** Starts the proxy in a child process in front of the Redis on `targetPort`. */
export async function startDelayProxy(targetPort: number, rttMs: number): Promise<DelayProxy> {
  const script = fileURLToPath(import.meta.url)
  const child = tracked(
    spawn(process.execPath, ['--import', 'tsx', script, String(targetPort), String(rttMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the delay proxy did not start within 20 s')), 20_000)
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^delay proxy listening on (\d+)/.exec(line)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', (code) => reject(new Error(`the delay proxy exited with code ${code}`)))
  })
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    rttMs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await exited
    },
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [targetPort, rttMs] = process.argv.slice(2).map(Number)
  if (!Number.isInteger(targetPort) || !Number.isFinite(rttMs) || (rttMs ?? -1) < 0) {
    console.error('usage: delay-proxy.ts <target-port> <rtt-ms>')
    process.exit(2)
  }
  const port = await listenDelayProxy(targetPort as number, rttMs as number)
  console.log(`delay proxy listening on ${port} -> 127.0.0.1:${targetPort}, rtt ${rttMs} ms`)
}
