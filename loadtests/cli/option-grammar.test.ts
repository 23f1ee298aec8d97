/**
 * One grammar for every command (issue 31): canonical variant ids whatever the option order,
 * `--variants` adds and `--only` replaces, units said or written, a flag the command would ignore
 * refused, and every mistake refused before anything starts (these commands would otherwise start
 * Redis and servers: a refusal here returns at once).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseVariant } from '../runner/variants.js'
import { adrCommand } from './adr-command.js'
import { attackCommand } from './attack-command.js'
import { UsageError } from './command.js'
import { failoverCommand, parseFailoverArgs } from '../failover/failover-command.js'
import { joinNegativeValues, parseDuration, plainParseError } from '../runner/option-values.js'
import { revokeCommand } from '../revocation/revoke-command.js'
import { serveCommand } from './serve-command.js'
import { parseRunOptions } from './run-options.js'
import { profileCommand } from '../profile/profile-command.js'
import { storeLatencyCommand, storeOutageCommand } from '../store/store-commands.js'
import { runStageAlone } from './stage-alone.js'
import { chooseVariants, spreadVariantArgs, VARIANT_FLAGS } from '../runner/variant-flags.js'

const parse = (argv: readonly string[]) =>
  parseArgs({ args: spreadVariantArgs(argv), allowPositionals: true, options: { ...VARIANT_FLAGS } }).values
const ids = (argv: readonly string[], defaults = ['jwt', 'session']) =>
  chooseVariants(parse(argv), (strategies) => (strategies ?? defaults).map((name) => parseVariant(name))).map(
    (variant) => variant.id,
  )

afterEach(() => vi.restoreAllMocks())

describe('variant ids', () => {
  it('are canonical whatever the option order and the case of a listed value', () => {
    expect(parseVariant('jwt:revocation=denylist,cache-ttl=1000').id).toBe('jwt:cache-ttl=1000,revocation=denylist')
    expect(parseVariant('jwt:alg=es256').id).toBe('jwt:alg=ES256')
    expect(parseVariant('session:cache-ttl=5s').id).toBe('session:cache-ttl=5000')
    expect(parseVariant('session:cache-ttl=500ms').id).toBe('session:cache-ttl=500')
    expect(() => parseVariant('session:cache-ttl=-5')).toThrow(/milliseconds/)
  })

  it('are read canonically by adr: either order names the measured variant', async () => {
    // A run that measured a variant with two options (the reference run, its denylist variant given a cache).
    const reference = readFileSync(fileURLToPath(new URL('../../docs/reference/results.json', import.meta.url)), 'utf8')
    const run = join(mkdtempSync(join(tmpdir(), 'authlab-adr-')), 'results.json')
    writeFileSync(run, reference.replaceAll('"jwt:revocation=denylist"', '"jwt:cache-ttl=1000,revocation=denylist"'))
    const printed: string[] = []
    vi.spyOn(console, 'log').mockImplementation((text: string) => printed.push(text))
    await expect(
      adrCommand.run([run, '--option', 'jwt:revocation=denylist,cache-ttl=1000', '--option', 'jwt']),
    ).resolves.toBe(0)
    expect(printed.join('\n')).toContain('jwt:cache-ttl=1000,revocation=denylist')
  })
})

describe('--variants adds, --only replaces', () => {
  it('in the commands that pick from a default set', () => {
    expect(ids([])).toEqual(['jwt', 'session'])
    expect(ids(['--variants', 'apikey', 'jwt:alg=ES256'])).toEqual(['jwt', 'session', 'apikey', 'jwt:alg=ES256'])
    expect(ids(['--only', 'apikey', '--variants', 'jwt:alg=es256'])).toEqual(['apikey', 'jwt:alg=ES256'])
    expect(ids(['--strategies', 'session', '--variants', 'jwt'])).toEqual(['session', 'jwt'])
    expect(() => ids(['--strategies', 'jwt', '--only', 'session'])).toThrow(UsageError)
  })

  it('in the lab run', () => {
    const run = parseRunOptions(['--only', 'session', '--skip', 'revocation'])
    expect(run.variants.map((variant) => variant.id)).toEqual(['none', 'session'])
  })
})

describe('a flag the command would ignore is refused, before anything starts', () => {
  it('attack: --strategy and --max-failures only with --target; no variants with --target', async () => {
    await expect(attackCommand.run(['--strategy', 'jwt'])).rejects.toThrow(/--strategy only apply with --target/)
    await expect(attackCommand.run(['--max-failures', '3'])).rejects.toThrow(/--max-failures only apply/)
    await expect(
      attackCommand.run(['--target', 'http://127.0.0.1:1', '--strategy', 'jwt', '--variants', 'session']),
    ).rejects.toThrow(/--variants would be ignored/)
  })

  it('revoke: --cache-ttl with --only; run: --token-ttl with --skip revocation', async () => {
    await expect(
      revokeCommand.run(['--only', 'session:cache-ttl=5000', '--cache-ttl', '1000'], runStageAlone),
    ).rejects.toThrow(/--cache-ttl sets the TTLs of the default set/)
    expect(() => parseRunOptions(['--skip', 'revocation', '--token-ttl', '5'])).toThrow(/--skip revocation/)
  })

  it('failover: --only and --strategies together', async () => {
    await expect(failoverCommand.run(['--strategies', 'jwt', '--only', 'session'], runStageAlone)).rejects.toThrow(
      UsageError,
    )
  })
})

describe('names, units and messages', () => {
  it('--rounds is the word; --repeats stays as its old name', () => {
    expect(parseRunOptions(['--rounds', '3']).options.rounds).toBe(3)
    expect(parseRunOptions(['--repeats', '3']).options.rounds).toBe(3)
    expect(() => parseRunOptions(['--rounds', '3', '--repeats', '3'])).toThrow(/old name/)
  })

  it('--seconds, once three ideas, is refused with the name each command now gives its own', async () => {
    await expect(profileCommand.run(['--seconds', '4'], runStageAlone)).rejects.toThrow(
      '--seconds is no longer an option: write --profile-seconds',
    )
    await expect(storeOutageCommand.run(['--seconds=4'], runStageAlone)).rejects.toThrow('write --outage-seconds')
    await expect(storeLatencyCommand.run(['--seconds', '4'], runStageAlone)).rejects.toThrow('write --load-seconds')
    // The new names are read: a wrong value is refused by its name, before anything starts.
    await expect(profileCommand.run(['--profile-seconds', '0'], runStageAlone)).rejects.toThrow(
      '--profile-seconds must be',
    )
    await expect(storeOutageCommand.run(['--outage-seconds', '0'], runStageAlone)).rejects.toThrow(
      '--outage-seconds must be',
    )
    await expect(storeLatencyCommand.run(['--load-seconds', '0'], runStageAlone)).rejects.toThrow(
      '--load-seconds must be',
    )
  })

  it('profile --credential takes a refusal kind, by its name, before anything starts', async () => {
    await expect(profileCommand.run(['--credential', 'forged'], runStageAlone)).rejects.toThrow(
      '--credential takes valid, malformed, bad-signature, unknown, revoked, expired, got "forged"',
    )
  })

  it('failover: one --durability LIST where three flags made one choice', () => {
    const durable = (argv: readonly string[]) => parseFailoverArgs(argv).options.durable
    expect(durable([])).toEqual([false, true])
    expect(durable(['--durability', 'replica'])).toEqual([true])
    expect(durable(['--durability', 'replica,primary'])).toEqual([false, true])
    expect(() => durable(['--durability', 'wait'])).toThrow('--durability takes primary, replica')
    expect(() => durable(['--durable-revocation'])).toThrow(
      '--durable-revocation is no longer an option: write --durability replica',
    )
    expect(() => durable(['--without-durable'])).toThrow('write --durability primary')
    expect(() => durable(['--both'])).toThrow('write --durability primary,replica')
  })

  it('durations take their unit', () => {
    expect(parseDuration('--cache-ttl', '5s', 'ms')).toBe(5000)
    expect(parseDuration('--cache-ttl', '500', 'ms')).toBe(500)
    expect(parseDuration('--token-ttl', '2m', 's')).toBe(120)
    expect(() => parseDuration('--token-ttl', '500ms', 's')).toThrow(/whole seconds/)
    expect(() => parseDuration('--cache-ttl', '-5', 'ms')).toThrow(/--cache-ttl takes a duration in milliseconds/)
    expect(parseRunOptions(['--token-ttl', '4s']).revocation?.options.tokenTtlS).toBe(4)
  })

  it('a negative value reaches its option check instead of the parser\'s "ambiguous"', async () => {
    expect(joinNegativeValues(['--cache-ttl', '-5', '--kinds', 'logout'])).toEqual([
      '--cache-ttl=-5',
      '--kinds',
      'logout',
    ])
    await expect(revokeCommand.run(joinNegativeValues(['--cache-ttl', '-5']), runStageAlone)).rejects.toThrow(
      /got "-5"/,
    )
  })

  it('--port names the option, not the environment variable', async () => {
    await expect(serveCommand.run(['jwt', '--port', 'abc'])).rejects.toThrow('--port takes a port number')
  })

  it('parser messages are plain, with balanced quotes', () => {
    let message = ''
    try {
      parseArgs({ args: ['--frobnicate'], options: {} })
    } catch (error) {
      message = plainParseError(error as Error)
    }
    expect(message).toBe('unknown option --frobnicate')
  })
})

describe('--out DIR', () => {
  it('is taken by every command that writes', async () => {
    const COMMANDS = await (await import('./commands.js')).allCommands()
    const writers = Object.keys(COMMANDS).filter((name) => !['serve', 'keys'].includes(name))
    for (const name of writers) {
      const command = await (COMMANDS[name] as () => Promise<{ usage: string }>)()
      expect(command.usage, name).toMatch(/--out DIR/)
    }
  })
})
