import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aggregateBursts } from '../results/aggregate.js'
import { spreadOf } from '../results/statistics.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import type { BurstTarget } from './burst.js'
import { login } from './credential.js'
import { startVariantServer, usesRedis } from './lab-servers.js'
import { silentProgress } from './progress.js'
import { acquireRedis, hasRedisServer } from './redis-server.js'
import { runRounds } from './rounds.js'
import type { ServerProcess } from './server-process.js'
import { parseVariant } from './variants.js'
import type { Engine } from './wrk.js'

const hasWrk = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined

describe.skipIf(!hasRedisServer() || !hasWrk)('--engine wrk, the second load generator', () => {
  let redis: Awaited<ReturnType<typeof acquireRedis>>
  const servers: ServerProcess[] = []
  let targets: BurstTarget[]

  beforeAll(async () => {
    redis = await acquireRedis(undefined)
    const env = { redisUrl: redis.url, keyPrefix: 'wrk-test:', scryptLogN: 10 }
    for (const id of ['none', 'jwt']) servers.push(await startVariantServer(parseVariant(id), env))
    targets = await Promise.all(
      ['none', 'jwt'].map(async (variant, index) => {
        const server = servers[index] as ServerProcess
        const credential = await login(server.url)
        return { variant, url: server.url, pid: server.pid, credential, usesRedis: usesRedis(parseVariant(variant)) }
      }),
    )
  }, 60_000)

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    await redis?.stop()
  })

  const plan = (engine: Engine) => ({
    label: engine,
    scenario: SCENARIOS['hot-read'],
    connections: 8,
    durationS: 1,
    rounds: 1,
    baseline: 'none',
    preBurstS: 0.1,
    engine,
  })
  /** jwt's ratio to none per engine, the two engines' rounds interleaved so that both see the same machine. */
  const jwtRatios = async (rounds: number) => {
    const ratios: Record<Engine, number[]> = { autocannon: [], wrk: [] }
    for (let round = 0; round < rounds; round += 1) {
      const engines: Engine[] = round % 2 ? ['wrk', 'autocannon'] : ['autocannon', 'wrk']
      for (const engine of engines) {
        const samples = await runRounds(targets, { ...plan(engine), rounds: 1 }, undefined, silentProgress)
        for (const sample of samples) expect(sample.valid, sample.invalid_reason).toBe(true)
        const ratio = aggregateBursts(samples, 'none')[0]?.variants.find((entry) => entry.variant === 'jwt')?.rps_ratio
        ratios[engine].push(ratio?.median ?? NaN)
      }
    }
    return ratios
  }

  it('reads jwt against none as autocannon does (a gross disagreement would be one client’s artefact)', async () => {
    const ratios = await jwtRatios(5)
    const [autocannon, wrk] = [spreadOf(ratios.autocannon), spreadOf(ratios.wrk)]
    expect(autocannon?.median).toBeGreaterThan(0)
    expect(wrk?.median).toBeGreaterThan(0)
    // Within the noise, never a timing: the test shares two cores with the rest of the suite, so
    // the tolerance is twice the wider of the two engines' own interquartile ranges (at least 0.3).
    // It still catches a client that measures something else (wrk sending no credential reads
    // 401s, invalid, at a ratio far from autocannon's).
    const noise = Math.max(autocannon!.q3 - autocannon!.q1, wrk!.q3 - wrk!.q1)
    expect(Math.abs(wrk!.median - autocannon!.median)).toBeLessThan(Math.max(0.3, 2 * noise))
  }, 90_000)

  it('counts an answer that is not 2xx against the burst, as autocannon does', async () => {
    const forged = targets.map((target) => ({
      ...target,
      credential: { ...target.credential, headers: { authorization: 'Bearer not-a-token' } },
    }))
    const onePlan = { ...plan('wrk'), rounds: 1, baseline: undefined }
    const [jwt] = await runRounds(forged.slice(1), onePlan, undefined, silentProgress)
    expect(jwt?.valid).toBe(false)
    expect(jwt?.invalid_reason).toMatch(/unexpected status: \d+ x not 2xx\/3xx/)
  }, 60_000)
})
