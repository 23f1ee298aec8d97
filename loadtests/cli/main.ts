import { RedisUnavailableError } from '../runner/redis-server.js'
import { UsageError, wantsHelp, type Command } from './command.js'

/**
 * Each command is loaded when it runs: loading them all (a browser driver, the load generator, the
 * report) took seconds, and `authlab serve` that must refuse a bad start should do so at once.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./serve-command.js')).serveCommand,
  keys: async () => (await import('./keys-command.js')).keysCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  revoke: async () => (await import('./revoke-command.js')).revokeCommand,
  attack: async () => (await import('./attack-command.js')).attackCommand,
  browser: async () => (await import('./browser-command.js')).browserCommand,
  soak: async () => (await import('./soak-command.js')).soakCommand,
  'store-latency': async () => (await import('./store-commands.js')).storeLatencyCommand,
  'store-outage': async () => (await import('./store-commands.js')).storeOutageCommand,
  'store-restart': async () => (await import('./store-commands.js')).storeRestartCommand,
  failover: async () => (await import('./failover-command.js')).failoverCommand,
  profile: async () => (await import('./profile-command.js')).profileCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  compare: async () => (await import('./compare-command.js')).compareCommand,
  guide: async () => (await import('./guide-command.js')).guideCommand,
  adr: async () => (await import('./adr-command.js')).adrCommand,
}

async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()))
  return `authlab: sessions or JWTs (or API keys, or PASETO)? Measured, not argued.

Usage: authlab <command> [options]     (authlab <command> --help for its options)

Commands:
${commands.map((command) => `  ${command.name.padEnd(13)} ${command.summary}`).join('\n')}`
}

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
