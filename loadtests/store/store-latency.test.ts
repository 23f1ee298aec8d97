import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { strategyEntry } from '../../servers/registry.js'
import { ONE_STAGE_OPTIONS } from '../defaults.js'
import { runLab } from '../lab/lab-run.js'
import { RESULTS_JSON_SCHEMA } from '../stages.js'
import { silentProgress } from '../runner/progress.js'
import { hasRedisServer } from '../runner/redis-server.js'
import { parseVariant } from '../runner/variants.js'

// The real proxy process between real servers and a real Redis. The one time asserted is a lower
// bound the proxy sets: a read that asks the store cannot be answered before one RTT has passed.
describe.skipIf(!hasRedisServer())('store-latency (servers reaching Redis through the delay proxy)', () => {
  it('a read that asks the store pays the RTT; the section validates', async () => {
    const RTT_MS = 60
    const variants = ['none', 'jwt:revocation=denylist'].map((text) => parseVariant(text))
    const results = await runLab({
      options: ONE_STAGE_OPTIONS,
      variants: [],
      configs: {
        store: {
          latency: {
            variants,
            options: { rttsMs: [0, RTT_MS], ratePerSecond: 20, openSeconds: 0.5, rounds: 0, burstS: 1, connections: 4 },
          },
        },
      },
      scryptLogN: 10,
      redisUrl: undefined,
      progress: silentProgress,
    })
    const validate = new Ajv2020({ strict: false }).compile(RESULTS_JSON_SCHEMA)
    expect(validate(JSON.parse(JSON.stringify(results))), JSON.stringify(validate.errors)).toBe(true)
    const points = results.store_latency?.points ?? []
    expect(points.map((point) => `${point.variant}@${point.rtt_ms}`)).toEqual([
      'none@0',
      'jwt:revocation=denylist@0',
      `none@${RTT_MS}`,
      `jwt:revocation=denylist@${RTT_MS}`,
    ])
    for (const point of points) expect(point.non_2xx).toBe(0)
    const far = points.find((point) => point.variant === 'jwt:revocation=denylist' && point.rtt_ms === RTT_MS)
    expect(strategyEntry('jwt').checksStoreOnRead({ revocation: 'denylist' })).toBe(true)
    expect(far?.latency_ms?.p50).toBeGreaterThanOrEqual(RTT_MS)
  }, 120_000)
})
