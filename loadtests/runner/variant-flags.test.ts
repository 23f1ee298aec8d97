import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import { UsageError } from './option-values.js'
import { readVariantFlags, spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from './variant-flags.js'

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: spreadVariantArgs(argv),
    allowPositionals: true,
    options: { ...VARIANT_FLAGS, out: { type: 'string' }, quick: { type: 'boolean' } },
  })

describe('--strategies and --variants, one syntax for every command', () => {
  it('takes several variants after one --variants, the flag repeated, and a quoted list alike', () => {
    const expected = ['session', 'jwt:revocation=denylist', 'jwt:alg=ES256,revocation=denylist']
    for (const argv of [
      ['--variants', 'session', 'jwt:revocation=denylist', 'jwt:alg=ES256,revocation=denylist'],
      [
        '--variants',
        'session',
        '--variants',
        'jwt:revocation=denylist',
        '--variants',
        'jwt:alg=ES256,revocation=denylist',
      ],
      ['--variants', 'session jwt:revocation=denylist', '--variants', 'jwt:alg=ES256,revocation=denylist'],
    ]) {
      expect(readVariantFlags(parse(argv).values).variants).toEqual(expected)
    }
  })

  it('ends the list at the next option, and leaves positionals elsewhere alone', () => {
    const { values, positionals } = parse(['report.json', '--variants', 'session', 'apikey', '--out', 'dir', '--quick'])
    expect(readVariantFlags(values).variants).toEqual(['session', 'apikey'])
    expect(values.out).toBe('dir')
    expect(values.quick).toBe(true)
    expect(positionals).toEqual(['report.json'])
    expect(() => parse(['--variants', '--quick'])).toThrow(/--variants/)
  })

  it('reads --strategies as a comma-separated list, or repeated', () => {
    expect(readVariantFlags(parse(['--strategies', 'jwt, session']).values).strategies).toEqual(['jwt', 'session'])
    expect(readVariantFlags(parse(['--strategies', 'jwt', '--strategies', 'apikey']).values).strategies).toEqual([
      'jwt',
      'apikey',
    ])
    expect(readVariantFlags(parse([]).values).strategies).toBeUndefined()
  })

  it('refuses a variant given to --strategies with the line that works', () => {
    const read = (argv: string[]) => () => readVariantFlags(parse(argv).values)
    expect(read(['--strategies', 'session,jwt:revocation=denylist'])).toThrow(UsageError)
    expect(read(['--strategies', 'session,jwt:revocation=denylist'])).toThrow(
      '"jwt:revocation=denylist" is a variant: --strategies session --variants jwt:revocation=denylist',
    )
    expect(read(['--strategies', 'jwt:alg=ES256,revocation=denylist'])).toThrow(
      '"jwt:alg=ES256,revocation=denylist" is a variant: --variants jwt:alg=ES256,revocation=denylist',
    )
    expect(read(['--strategies', 'kerberos'])).toThrow('unknown strategy "kerberos"')
  })

  it('builds the variants of a command that adds to the defaults: the baseline first, no duplicates', () => {
    const ids = variantsFromFlags(parse(['--strategies', 'jwt', '--variants', 'jwt', 'jwt:alg=ES256']).values).map(
      (variant) => variant.id,
    )
    expect(ids).toEqual(['none', 'jwt', 'jwt:alg=ES256'])
  })
})
