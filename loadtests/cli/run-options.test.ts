import { describe, expect, it } from 'vitest'
import { FULL_ONLY_STAGES } from '../defaults.js'
import { parseRunOptions } from './run-options.js'

describe('authlab run: what the default holds', () => {
  it('carries the control pair, one denylist and one cache variant in the hot read, the sweep, failover and browser left to --full', () => {
    const run = parseRunOptions([])
    const measured = [...run.variants, ...run.hotReadOnly].map((variant) => variant.id)
    expect(measured).toEqual(
      expect.arrayContaining([
        'none',
        'jwt',
        'jwt:revocation=refresh',
        'jwt:revocation=denylist',
        'session:cache-ttl=1000',
      ]),
    )
    expect(run.skip).toEqual([...FULL_ONLY_STAGES])
    expect(run.failover).toBeUndefined()
  })

  it('keeps the control pair when the revocation stage is skipped, and in --quick', () => {
    for (const argv of [['--skip', 'revocation'], ['--quick']]) {
      expect(parseRunOptions(argv).hotReadOnly.map((variant) => variant.id)).toContain('jwt:revocation=refresh')
    }
  })

  it('leaves the attack and store stages out of --quick', () => {
    expect(parseRunOptions(['--quick']).skip).toEqual(expect.arrayContaining(['attacks', 'store']))
  })

  it('runs every stage with --full, and the sweep when asked for by name', () => {
    expect(parseRunOptions(['--full']).skip).toEqual([])
    expect(parseRunOptions(['--sweep', '1,32']).skip).not.toContain('sweep')
  })

  it('refuses a burst that autocannon cannot time', () => {
    expect(() => parseRunOptions(['--duration', '1.5'])).toThrow(/--duration must be a positive whole number/)
  })
})
