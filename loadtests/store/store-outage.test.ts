import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { ONE_STAGE_OPTIONS } from '../defaults.js'
import { runLab } from '../lab/lab-run.js'
import { RESULTS_JSON_SCHEMA } from '../stages.js'
import { silentProgress } from '../runner/progress.js'
import { hasRedisServer } from '../runner/redis-server.js'
import { parseVariant } from '../runner/variants.js'
import { withFailOpen } from './store-servers.js'
import { storeOutageVerdicts } from '../report/store-outage-reader.js'

// A real redis-server killed and frozen under real servers and paced load: counts, never timings.
describe.skipIf(!hasRedisServer())('store-outage (a real Redis killed, then stalled, under load)', () => {
  it('stateful reads fail closed, stateless ones keep serving, fail-open lets revoked tokens in, all recover', async () => {
    const variants = withFailOpen(['session', 'jwt:revocation=denylist', 'jwt'].map((text) => parseVariant(text)))
    expect(variants.map((variant) => variant.id)).toContain('jwt:revocation=denylist,store-failure=open')
    const options = {
      modes: ['kill', 'stall'] as const,
      seconds: 1,
      ratePerSecond: 30,
      leadInMs: 500,
      tailMs: 8000,
      storeTimeoutMs: 500,
      binMs: 100,
    }
    const results = await runLab({
      options: ONE_STAGE_OPTIONS,
      variants: [],
      configs: { store: { outage: { variants, options } } },
      scryptLogN: 10,
      redisUrl: undefined,
      progress: silentProgress,
    })
    const validate = new Ajv2020({ strict: false }).compile(RESULTS_JSON_SCHEMA)
    expect(validate(JSON.parse(JSON.stringify(results))), JSON.stringify(validate.errors)).toBe(true)
    expect(results.warnings.filter((warning) => warning.includes('STORE') || warning.includes('store'))).toEqual([])

    const runs = results.store_outage?.runs ?? []
    expect(runs).toHaveLength(variants.length * 2)
    for (const run of runs) {
      const where = `${run.variant} (${run.mode})`
      expect(run.hung, where).toBe(0)
      // Every variant serves again once the store is back: a stall must not have logged anyone out.
      expect(run.recovery_ms, where).not.toBeNull()
      if (run.must_fail_closed) {
        expect(run.served_during_outage, where).toBe(0)
        expect(run.refused_during_outage, where).toBeGreaterThan(0)
      } else {
        expect(run.served_during_outage, where).toBeGreaterThan(0)
      }
    }
    const failOpen = runs.filter((run) => run.variant.includes('store-failure=open'))
    expect(failOpen.map((run) => [run.must_fail_closed, run.insecure_fail_open])).toEqual([
      [false, true],
      [false, true],
    ])
    // Never offered by the report as a way to "survive an outage": it survives by letting revoked tokens in.
    expect(storeOutageVerdicts(results)?.map((verdict) => verdict.variant)).not.toContain(failOpen[0]?.variant)
    // The price of failing open: a token logged out before the outage (and refused then) gets in.
    for (const run of failOpen) {
      expect(run.revoked_accepted_before).toBe(0)
      expect(run.revoked_accepted_during_outage).toBeGreaterThan(0)
    }
  }, 120_000)
})
