import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROFILES } from '../defaults.js'
import type { BurstSection, RunOptions } from '../results/results-types.js'
import { collectWarnings } from '../results/warnings.js'
import { UNRELIABLE } from '../results/self-check.js'
import type { BurstTarget } from '../runner/burst.js'
import { silentProgress } from '../runner/progress.js'
import { runThroughput, throughputPlans } from './throughput.js'

/**
 * A server in a process of its own that answers every request with 200 and counts them. `busyUs`
 * burns that much CPU per request: the rigged side of a pair, made slower on purpose.
 */
async function startToyServer(busyUs: number): Promise<{ child: ChildProcess; url: string; count(): Promise<number> }> {
  const source = `
    let served = 0
    const server = require('node:http').createServer((req, res) => {
      if (req.url === '/count') return res.end(String(served))
      served += 1
      const until = process.hrtime.bigint() + ${busyUs}n * 1000n
      while (process.hrtime.bigint() < until);
      res.setHeader('content-type', 'application/json')
      res.end('{"username":"alice"}')
    })
    server.listen(0, '127.0.0.1', () => console.log(server.address().port))`
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer]
  const url = `http://127.0.0.1:${chunk.toString().trim()}`
  return { child, url, count: async () => Number(await (await fetch(`${url}/count`)).text()) }
}

const options: RunOptions = {
  ...PROFILES.quick,
  profile: 'quick',
  burst_s: 1,
  pre_burst_s: 0.1,
  connections: 4,
  rounds: 2,
  realistic_rounds: 0,
  login_rounds: 0,
  variants: ['none', 'jwt'],
  hot_read_only_variants: ['jwt:revocation=refresh'],
  revocation_variants: [],
  attacks: false,
  pin: false,
}

describe('the hot read measures every variant alike, and checks itself', () => {
  const servers: Awaited<ReturnType<typeof startToyServer>>[] = []
  let targets: BurstTarget[]
  let section: BurstSection

  beforeAll(async () => {
    // jwt and its refresh mode are an identical-work pair in the registry; the refresh side is rigged.
    const variants = ['none', 'jwt', 'jwt:revocation=refresh']
    servers.push(await startToyServer(0), await startToyServer(0), await startToyServer(2000))
    targets = variants.map((variant, index) => ({
      variant,
      url: servers[index]!.url,
      pid: servers[index]!.child.pid!,
      credential: { tokenType: 'Bearer', headers: { authorization: 'Bearer x' }, bytes: 1, expiresInS: 60 },
      usesRedis: false,
    }))
    section = await runThroughput(
      targets,
      options,
      'none',
      undefined,
      silentProgress,
      new Set(['jwt:revocation=refresh']),
    )
  }, 60_000)

  afterAll(() => servers.forEach((server) => server.child.kill()))

  it('puts every variant, the hot-read-only ones too, in one hot-read plan, twins in one block, two visits', () => {
    const plans = throughputPlans(
      targets,
      { ...options, realistic_rounds: 2 },
      'none',
      new Set(['jwt:revocation=refresh']),
    )
    const hot = plans.filter((plan) => plan.scenario.name === 'hot-read')
    expect(hot).toHaveLength(1)
    expect(hot[0]?.targets.map((target) => target.variant)).toEqual(['none', 'jwt', 'jwt:revocation=refresh'])
    expect(
      plans.find((plan) => plan.scenario.name === 'realistic-read')?.targets.map((target) => target.variant),
    ).toEqual(['none', 'jwt'])
    // In the measurement itself: jwt and its refresh mode do identical work, so the self-check
    // compares them: they share each block (its round number), the baseline between every two
    // bursts, and the group is visited twice (a pass each), so that the two are compared seconds apart.
    const twins = ['jwt', 'jwt:revocation=refresh']
    const blocks = [...new Set(section.samples.filter((sample) => twins.includes(sample.variant)).map((s) => s.round))]
    expect(blocks).toHaveLength(2)
    for (const block of blocks) {
      const order = section.samples.filter((sample) => sample.round === block).map((sample) => sample.variant)
      expect(order.filter((_, index) => index % 2 === 0)).toEqual(['none', 'none', 'none'])
      expect(order.filter((_, index) => index % 2 === 1).sort()).toEqual(twins)
    }
  })

  it('runs an unmeasured pre-burst on the same server before every measured burst, and keeps its rate', async () => {
    for (const sample of section.samples) expect(sample.pre_burst?.rps).toBeGreaterThan(0)
    for (const [index, target] of targets.entries()) {
      const measured = section.samples
        .filter((sample) => sample.variant === target.variant)
        .reduce((sum, sample) => sum + sample.requests, 0)
      // The server saw more requests than were measured: the pre-bursts'.
      expect(await servers[index]!.count()).toBeGreaterThan(measured)
    }
  })

  it('calls the run unreliable, first of all its warnings, when an identical-work pair reads apart', () => {
    const warnings = collectWarnings({
      throughput: section,
      variants: [],
      options,
      environment: { scrypt_log_n: 17, redis_source: 'started', pinned: false },
    } as unknown as Parameters<typeof collectWarnings>[0])
    expect(warnings[0]).toMatch(
      new RegExp(`^${UNRELIABLE} jwt \\d\\.\\d\\d vs jwt:revocation=refresh \\d\\.\\d\\d, identical work`),
    )
  })
})
