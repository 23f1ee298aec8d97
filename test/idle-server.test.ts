import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN } from '../servers/core/demo-data.js'
import { login } from '../loadtests/runner/credential.js'
import { startVariantServer } from '../loadtests/runner/lab-servers.js'
import type { ServerProcess } from '../loadtests/runner/server-process.js'
import { parseVariant } from '../loadtests/runner/variants.js'

/** How many times the process's main thread went to sleep and was woken (Linux counts each). */
const wakeups = (pid: number) =>
  Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])

const wakeupsOver = async (pid: number, ms: number) => {
  const before = wakeups(pid)
  await sleep(ms)
  return wakeups(pid) - before
}

// A lab run keeps up to 15 servers running while it loads one: what the idle ones do takes CPU
// from the measured one on a 2-core machine. Counts, not timings: a timer every 10 ms is 100
// wakeups a second whatever the machine's speed; the server's own timers (the connection check
// once a second) are a handful.
describe.skipIf(process.platform !== 'linux')('an idle server', () => {
  let server: ServerProcess
  beforeAll(async () => {
    // session --store memory: a login and the admin's stats without a Redis.
    server = await startVariantServer(parseVariant('session:store=memory'), {
      redisUrl: 'redis://127.0.0.1:1',
      keyPrefix: 'idle-test:',
      scryptLogN: 10,
    })
  }, 30_000)
  afterAll(() => server?.stop())

  it('is not woken 100 times a second, until a soak asks for its event-loop delay', async () => {
    await sleep(500) // past start-up
    expect(await wakeupsOver(server.pid, 2000)).toBeLessThan(40)

    // Once asked, the delay is sampled every 10 ms from then on: the count above could see it.
    const { headers } = await login(server.url, ADMIN)
    const first = await fetch(`${server.url}/api/admin/stats`, { headers })
    expect(first.status).toBe(200)
    expect(await wakeupsOver(server.pid, 2000)).toBeGreaterThan(120)
    const stats = (await (await fetch(`${server.url}/api/admin/stats`, { headers })).json()) as {
      event_loop_delay_p99_ms: number
    }
    expect(stats.event_loop_delay_p99_ms).toBeGreaterThan(0)
  }, 30_000)
})
