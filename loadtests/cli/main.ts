import { RedisUnavailableError } from '../runner/redis-server.js'
import { UsageError, wantsHelp } from './command.js'
import { loadCommand, overview } from './commands.js'
import { formatHelp } from './help-text.js'
import { joinNegativeValues, plainParseError } from '../runner/option-values.js'
import { loadEnvFile } from './env-file.js'
import { refuseTargets } from './refuse-targets.js'
import { stopChildrenOnSignal } from '../runner/child-processes.js'

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await overview())
    return name ? 0 : 2
  }
  const command = await loadCommand(name)
  if (!command) {
    console.error(`authlab: unknown command "${name}"\n\n${await overview()}`)
    return 2
  }
  if (wantsHelp(rest)) {
    console.log(formatHelp(`Usage: ${command.usage}`))
    return 0
  }
  // serve stops gracefully on a signal (its own handlers); every other command kills what it started.
  if (name !== 'serve') stopChildrenOnSignal()
  try {
    refuseTargets(name, rest)
    return await command.run(joinNegativeValues(rest))
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
    console.error(
      `authlab ${name}: ${plainParseError(error as Error & { code?: string })}\n(authlab ${name} --help lists the options)`,
    )
    return 2
  }
}

try {
  loadEnvFile()
} catch (error) {
  console.error(`authlab: ${(error as Error).message}`)
  process.exit(2)
}
// A command has finished once main returns (serve returns when it was stopped): exit then, even if
// a connection some library left open would keep the event loop alive. Found when a finished
// `authlab run` sat there for an hour. stdout and stderr are synchronous on Linux files and pipes.
process.exit(await main(process.argv.slice(2)))
