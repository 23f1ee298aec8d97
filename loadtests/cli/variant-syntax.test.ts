import { describe, expect, it } from 'vitest'
import type { Command } from './command.js'
import { allCommands } from './commands.js'

/**
 * Every command that takes variants reads them the same way. Each case fails while the options are
 * read, before anything starts: a second word after --variants that names no strategy proves it
 * was read as a variant (not refused as an unexpected argument), and a variant in --strategies is
 * pointed to --variants. The commands are found in the command list by their help, so a command
 * added later (refusal was, and this list missed it) is checked as well.
 */
const TAKING_VARIANTS: readonly Command[] = (
  await Promise.all(Object.values(await allCommands()).map((load) => load()))
).filter((command) => command.usage.includes('--variants'))

it('finds every command that takes variants', () => {
  expect(TAKING_VARIANTS.map((command) => command.name)).toEqual(
    expect.arrayContaining([
      'run',
      'revoke',
      'attack',
      'browser',
      'soak',
      'store-latency',
      'store-outage',
      'store-restart',
      'failover',
      'profile',
      'refusal',
    ]),
  )
})

describe.each(TAKING_VARIANTS.map((command) => [command.name, command] as const))('authlab %s', (_name, command) => {
  it('takes several variants after one --variants', async () => {
    await expect(command.run(['--variants', 'session', 'kerberos:alg=HS256'])).rejects.toThrow(
      'unknown strategy "kerberos" in variant "kerberos:alg=HS256"',
    )
  })

  it('points a variant given to --strategies to --variants', async () => {
    await expect(command.run(['--strategies', 'session,jwt:revocation=denylist'])).rejects.toThrow(
      '--strategies session --variants jwt:revocation=denylist',
    )
  })

  it('says so in its help', () => {
    expect(command.usage).toContain('--variants')
    expect(command.usage).toContain('--strategies')
  })
})
