/**
 * The one option table (issue 27): a stage's options are declared once in its folder, and `authlab
 * run` and the stage's own command read them alike, build their help rows from the declaration,
 * and refuse them when the run leaves the stage out.
 */
import { describe, expect, it } from 'vitest'
import type { Stage } from '../runner/stage.js'
import { LAB_STAGES, STAGE_OPTIONS } from '../stages.js'
import { failoverCommand, parseFailoverArgs } from '../failover/failover-command.js'
import { parseProfileArgs, profileCommand } from '../profile/profile-command.js'
import { parseRevokeArgs, revokeCommand } from '../revocation/revoke-command.js'
import { parseRunOptions, RUN_OPTION_HELP } from './run-options.js'
import {
  parseStoreLatencyArgs,
  parseStoreOutageArgs,
  parseStoreRestartArgs,
  storeLatencyCommand,
  storeOutageCommand,
  storeRestartCommand,
} from '../store/store-commands.js'

const stagesWithOptions = (LAB_STAGES as readonly Stage[]).filter((stage) => (stage.options ?? []).length > 0)

/** `authlab run --full ARGV` (every stage in it) and the stage's command, each read to the same part. */
const ALIKE = [
  {
    argv: ['--profile-seconds', '2', '--credential', 'malformed'],
    run: (argv: string[]) => pick(parseRunOptions(['--full', ...argv]).profile, ['seconds', 'credential']),
    alone: (argv: string[]) => pick(parseProfileArgs(argv).config, ['seconds', 'credential']),
  },
  {
    argv: ['--token-ttl', '4s', '--kinds', 'logout'],
    run: (argv: string[]) => pick(parseRunOptions(['--full', ...argv]).revocation?.options, ['tokenTtlS', 'kinds']),
    alone: (argv: string[]) => pick(parseRevokeArgs(argv).revocation.options, ['tokenTtlS', 'kinds']),
  },
  {
    argv: ['--durability', 'replica', '--lag', '0'],
    run: (argv: string[]) =>
      pick(parseRunOptions(['--full', ...argv]).failover?.options, ['durable', 'replicationLagMs']),
    alone: (argv: string[]) => pick(parseFailoverArgs(argv).options, ['durable', 'replicationLagMs']),
  },
  {
    argv: ['--rtt', '0,1', '--load-seconds', '1.5'],
    run: (argv: string[]) =>
      pick(parseRunOptions(['--full', ...argv]).store?.latency?.options, ['rttsMs', 'openSeconds']),
    alone: (argv: string[]) => pick(parseStoreLatencyArgs(argv).config.latency?.options, ['rttsMs', 'openSeconds']),
  },
  {
    argv: ['--outage-seconds', '2', '--modes', 'stall', '--store-timeout', '500'],
    run: (argv: string[]) =>
      pick(parseRunOptions(['--full', ...argv]).store?.outage?.options, ['seconds', 'modes', 'storeTimeoutMs']),
    alone: (argv: string[]) =>
      pick(parseStoreOutageArgs(argv).config.outage?.options, ['seconds', 'modes', 'storeTimeoutMs']),
  },
  {
    argv: ['--persistence', 'aof', '--stops', 'crash', '--credentials', '3'],
    run: (argv: string[]) =>
      pick(parseRunOptions(['--full', ...argv]).store?.restart?.options, ['persistence', 'stops', 'credentials']),
    alone: (argv: string[]) =>
      pick(parseStoreRestartArgs(argv).config.restart?.options, ['persistence', 'stops', 'credentials']),
  },
]

function pick(object: object | undefined, keys: readonly string[]) {
  return Object.fromEntries(keys.map((key) => [key, (object as Record<string, unknown> | undefined)?.[key]]))
}

describe('a stage option', () => {
  it.each(ALIKE.map((entry) => [entry.argv.join(' '), entry] as const))(
    '%s: authlab run and the stage command read it alike',
    (_name, { argv, run, alone }) => {
      const fromRun = run(argv)
      expect(fromRun).toEqual(alone(argv))
      // And it was read: the value differs from the one without the option.
      expect(fromRun).not.toEqual(run([]))
    },
  )

  it('covers every option the stages declare, in one of the checks above', () => {
    // --balancer haproxy needs haproxy on this machine: the refusal below checks it instead.
    const checked = [...ALIKE.flatMap((entry) => entry.argv.filter((arg) => arg.startsWith('--'))), '--balancer']
    expect(STAGE_OPTIONS.map((option) => `--${option.flag}`).sort()).toEqual([...checked].sort())
  })

  it('is refused with the same words by authlab run and the stage command when its value is wrong', () => {
    const wrong = (read: () => unknown) => {
      try {
        read()
      } catch (error) {
        return (error as Error).message
      }
      return 'accepted'
    }
    expect(wrong(() => parseRunOptions(['--full', '--profile-seconds', '0']))).toBe(
      wrong(() => parseProfileArgs(['--profile-seconds', '0'])),
    )
    expect(wrong(() => parseRunOptions(['--full', '--durability', 'wait']))).toBe(
      wrong(() => parseFailoverArgs(['--durability', 'wait'])),
    )
    expect(wrong(() => parseRunOptions(['--full', '--balancer', 'nginx']))).toBe(
      wrong(() => parseRevokeArgs(['--balancer', 'nginx'])),
    )
    expect(wrong(() => parseRunOptions(['--full', '--modes', 'flood']))).toMatch('--modes takes kill, stall')
  })

  it.each(stagesWithOptions.flatMap((stage) => (stage.options ?? []).map((option) => [option.flag, stage.name])))(
    '--%s is refused with --skip %s',
    (flag, stage) => {
      expect(() => parseRunOptions(['--full', '--skip', stage, `--${flag}`, '1'])).toThrow(
        `--${flag} sets the ${stage} stage, which --skip ${stage} leaves out`,
      )
    },
  )

  it('is refused, with the reason, when the profile leaves its stage out', () => {
    expect(() => parseRunOptions(['--profile-seconds', '2'])).toThrow('which a run without --full leaves out')
    expect(() => parseRunOptions(['--quick', '--outage-seconds', '2'])).toThrow('which --quick leaves out')
  })

  it('has a flag no other stage declares', () => {
    const flags = STAGE_OPTIONS.map((option) => option.flag)
    expect(new Set(flags).size).toBe(flags.length)
  })
})

describe('a stage option in the help', () => {
  const commandsOf: Readonly<Record<string, readonly { usage: string }[]>> = {
    profile: [profileCommand],
    revocation: [revokeCommand],
    failover: [failoverCommand],
    store: [storeLatencyCommand, storeOutageCommand, storeRestartCommand],
  }

  it.each(stagesWithOptions.map((stage) => stage.name))(
    'of the %s stage is its declaration, in authlab run and in its own command',
    (name) => {
      const stage = stagesWithOptions.find((candidate) => candidate.name === name) as Stage
      const usages = (commandsOf[name] ?? []).map((command) => command.usage).join('\n')
      for (const option of stage.options ?? []) {
        expect(RUN_OPTION_HELP).toMatch(new RegExp(`--${option.flag} ${option.value} +${escape(option.help('run'))}`))
        expect(usages).toMatch(new RegExp(`--${option.flag} ${option.value} +${escape(option.help('alone'))}`))
      }
    },
  )
})

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
