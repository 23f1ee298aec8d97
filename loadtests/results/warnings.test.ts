import { describe, expect, it } from 'vitest'
import { aggregateBursts } from './aggregate.js'
import type { BurstSample } from './results-types.js'
import { fakeBurst as burst } from './burst-fixture.js'
import { collectWarnings } from './warnings.js'

describe('the warning of a hot read that never converged', () => {
  it("counts rounds as bursts per variant, not blocks (in blocks a sample's round is its block)", () => {
    // Two variants, each in two blocks (visits) of 3 passes: 4 blocks, 6 rounds, ratios all over.
    const samples: BurstSample[] = []
    for (const [block, variant] of ['a', 'b', 'b', 'a'].entries()) {
      samples.push(burst('none', block, 0, 1))
      for (let pass = 0; pass < 3; pass += 1) {
        samples.push(burst(variant, block, 1 + 2 * pass, 0.4 + 0.2 * ((pass + block) % 3)))
        samples.push(burst('none', block, 2 + 2 * pass, 1))
      }
    }
    const warnings = collectWarnings({
      throughput: { samples, aggregates: aggregateBursts(samples, 'none') },
      variants: [],
      baseline: 'none',
      options: { rounds: 6, max_rounds: 6, read_order: 'blocks' },
      environment: { scrypt_log_n: 17, redis_source: 'started', pinned: false },
    } as unknown as Parameters<typeof collectWarnings>[0])
    expect(warnings.find((warning) => warning.includes('the most this profile runs'))).toMatch(/after 6 rounds/)
  })
})
