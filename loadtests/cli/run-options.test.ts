import { describe, expect, it } from 'vitest'
import { FULL_ONLY_STAGES } from '../defaults.js'
import { parseRunOptions } from './run-options.js'
import { medianInterval95 } from '../results/statistics.js'
import { STAGE_NAMES } from '../stages.js'
import { UsageError } from './command.js'
import { refuseTargets } from './refuse-targets.js'

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

  it('reads in blocks by default, in rounds with --read-order rounds, and refuses any other order', () => {
    expect(parseRunOptions([]).options.read_order).toBe('blocks')
    expect(parseRunOptions(['--full']).options.read_order).toBe('blocks')
    expect(parseRunOptions(['--read-order', 'rounds']).options.read_order).toBeUndefined()
    expect(() => parseRunOptions(['--read-order', 'random'])).toThrow(/--read-order takes blocks or rounds/)
  })

  it('leaves the attack and store stages out of --quick', () => {
    expect(parseRunOptions(['--quick']).skip).toEqual(expect.arrayContaining(['attacks', 'store']))
  })

  it('runs every stage with --full, and the sweep when asked for by name', () => {
    expect(parseRunOptions(['--full']).skip).toEqual([])
    expect(parseRunOptions(['--sweep', '1,32']).skip).not.toContain('sweep')
  })

  it('names the run as it was asked for: a --full run is not called a default one', () => {
    expect(parseRunOptions([]).options.profile).toBe('default')
    expect(parseRunOptions(['--quick']).options.profile).toBe('quick')
    expect(parseRunOptions(['--full']).options.profile).toBe('full')
    expect(parseRunOptions(['--full', '--skip', 'browser']).options.profile).toBe('full')
  })

  it('gives every ratio of --full, and every sweep level, the rounds a 95% interval needs', () => {
    // medianInterval95 has an interval from 6 values on (results/statistics.ts).
    const enough = (rounds: number) => medianInterval95(Array.from({ length: rounds }, (_, index) => index)) !== null
    const full = parseRunOptions(['--full']).options
    for (const rounds of [full.rounds, full.realistic_rounds, full.login_rounds, full.sweep_rounds, full.cpu_rounds])
      expect(enough(rounds)).toBe(true)
    expect(enough(parseRunOptions(['--sweep', '1,32']).options.sweep_rounds)).toBe(true)
  })

  it('refuses a burst that autocannon cannot time', () => {
    expect(() => parseRunOptions(['--duration', '1.5'])).toThrow(/--duration must be a positive whole number/)
  })
})

describe('authlab run --targets', () => {
  const example = ['--targets', 'docs/targets.example.yaml']
  const env = process.env
  const withToken = <T>(body: () => T): T => {
    process.env = { ...env, AUTHLAB_METRICS_TOKEN: 'x'.repeat(32) }
    try {
      return body()
    } finally {
      process.env = env
    }
  }

  it('takes the variants from the file and keeps only the stages that load servers it did not start', () => {
    const run = withToken(() => parseRunOptions([...example, '--quick']))
    expect(run.targets?.targets).toHaveLength(5)
    expect(run.variants.map((variant) => variant.id)).toEqual(run.targets?.targets.map((target) => target.variant.id))
    expect(run.hotReadOnly).toEqual([])
    expect(run.revocation).toBeUndefined()
    expect(run.store).toBeUndefined()
    expect(run.failover).toBeUndefined()
    expect(run.profile).toBeUndefined()
    expect(run.options.attacks).toBe(false)
    expect(STAGE_NAMES.filter((stage) => !run.skip.includes(stage))).toEqual(['warm-up', 'throughput'])
    expect(
      STAGE_NAMES.filter((stage) => !withToken(() => parseRunOptions([...example, '--full'])).skip.includes(stage)),
    ).toEqual(['warm-up', 'throughput', 'sweep'])
  })

  it('refuses, before anything starts, a flag it would ignore and a file it cannot use', () => {
    for (const flag of [['--strategies', 'jwt'], ['--variants', 'jwt:alg=ES256'], ['--pin'], ['--token-ttl', '5s']])
      expect(() => withToken(() => parseRunOptions([...example, ...flag]))).toThrow(
        `--${(flag[0] as string).slice(2)} does not apply with --targets`,
      )
    expect(() => parseRunOptions(example)).toThrow('metrics_token_env names AUTHLAB_METRICS_TOKEN, which is not set')
    expect(() => parseRunOptions(['--targets', 'no/such/file.yaml'])).toThrow(UsageError)
  })

  it('is refused by the commands that do not take it yet, with the reason', () => {
    expect(() => refuseTargets('attack', ['--targets', 'x.yaml'])).toThrow('authlab attack --target URL')
    expect(() => refuseTargets('revoke', ['--targets=x.yaml'])).toThrow('--targets is taken by authlab run only')
    expect(() => refuseTargets('run', ['--targets', 'x.yaml'])).not.toThrow()
  })
})
