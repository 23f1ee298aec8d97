import { RedisUnavailableError } from '../runner/redis-server.js'
import { UsageError, wantsHelp } from './command.js'
import { COMMANDS, overview } from './commands.js'
import { formatHelp } from './help-text.js'
import { joinNegativeValues, plainParseError } from './option-values.js'
import { loadEnvFile } from './env-file.js'

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await overview())
    return name ? 0 : 2
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!load) {
    console.error(`authlab: unknown command "${name}"\n\n${await overview()}`)
    return 2
  }
  const command = await load()
  if (wantsHelp(rest)) {
    console.log(formatHelp(`Usage: ${command.usage}`))
    return 0
  }
  try {
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
process.exitCode = await main(process.argv.slice(2))
