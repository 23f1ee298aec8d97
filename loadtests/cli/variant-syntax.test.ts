import { describe, expect, it } from 'vitest'
import { attackCommand } from './attack-command.js'
import { browserCommand } from './browser-command.js'
import type { Command } from './command.js'
import { failoverCommand } from './failover-command.js'
import { profileCommand } from './profile-command.js'
import { revokeCommand } from './revoke-command.js'
import { runCommand } from './run-command.js'
import { soakCommand } from './soak-command.js'
import { storeLatencyCommand, storeOutageCommand, storeRestartCommand } from './store-commands.js'

/**
 * Every command that takes variants reads them the same way. Each case fails while the options are
 * read, before anything starts: a second word after --variants that names no strategy proves it
 * was read as a variant (not refused as an unexpected argument), and a variant in --strategies is
 * pointed to --variants.
 */
const COMMANDS: readonly Command[] = [
  runCommand,
  profileCommand,
  attackCommand,
  browserCommand,
  soakCommand,
  revokeCommand,
  failoverCommand,
  storeLatencyCommand,
  storeOutageCommand,
  storeRestartCommand,
]

describe.each(COMMANDS.map((command) => [command.name, command] as const))('authlab %s', (_name, command) => {
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
