import { adrCommand } from './adr-command.js'
import { RedisUnavailableError } from '../runner/redis-server.js'
import { attackCommand } from './attack-command.js'
import { browserCommand } from './browser-command.js'
import { UsageError, wantsHelp, type Command } from './command.js'
import { compareCommand } from './compare-command.js'
import { guideCommand } from './guide-command.js'
import { keysCommand } from './keys-command.js'
import { profileCommand } from './profile-command.js'
import { reportCommand } from './report-command.js'
import { revokeCommand } from './revoke-command.js'
import { runCommand } from './run-command.js'
import { serveCommand } from './serve-command.js'
import { soakCommand } from './soak-command.js'
import { storeLatencyCommand, storeOutageCommand, storeRestartCommand } from './store-commands.js'
import { failoverCommand } from './failover-command.js'

const COMMANDS: readonly Command[] = [
  serveCommand,
  keysCommand,
  runCommand,
  revokeCommand,
  attackCommand,
  browserCommand,
  soakCommand,
  storeLatencyCommand,
  storeOutageCommand,
  storeRestartCommand,
  failoverCommand,
  profileCommand,
  reportCommand,
  compareCommand,
  guideCommand,
  adrCommand,
]

const overview = `authlab: sessions or JWTs (or API keys, or PASETO)? Measured, not argued.

Usage: authlab <command> [options]     (authlab <command> --help for its options)

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(13)} ${command.summary}`).join('\n')}`

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview)
    return name ? 0 : 2
  }
  const command = COMMANDS.find((candidate) => candidate.name === name)
  if (!command) {
    console.error(`authlab: unknown command "${name}"\n\n${overview}`)
    return 2
  }
  if (wantsHelp(rest)) {
    console.log(`Usage: ${command.usage}`)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (error) {
    // No Redis to be had: the message says how to get one; exit 1, as for any failed run.
    if (error instanceof RedisUnavailableError) {
      console.error(error.message)
      return 1
    }
    // Bad input (a usage mistake, an unknown flag, a bad env value) gets its message, not a stack.
    const isInputError =
      error instanceof UsageError ||
      error instanceof TypeError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    if (!isInputError) throw error
    console.error(`authlab ${name}: ${(error as Error).message}\n(authlab ${name} --help lists the options)`)
    return 2
  }
}

process.exitCode = await main(process.argv.slice(2))
