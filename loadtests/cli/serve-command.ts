import { parseArgs } from 'node:util'
import { loadConfig } from '../../servers/core/config.js'
import { createLabServer } from '../../servers/lab-server.js'
import { refuseExposedDemoUsers } from '../../servers/core/demo-user-guard.js'
import { checkPortFree, PortUnavailableError } from '../../servers/port-check.js'
import {
  checkVariantOptions,
  isStrategy,
  optionsFromFlags,
  strategyEntry,
  strategyNames,
  VARIANT_OPTIONS,
} from '../../servers/registry.js'
import { variantOptionValue } from '../runner/variants.js'
import { UsageError, type Command } from './command.js'

const strategyLines = strategyNames()
  .map((name) => {
    const entry = strategyEntry(name)
    const options = entry.options.length
      ? `  [${entry.options.map((option) => `--${VARIANT_OPTIONS[option].flag}`).join(' ')}]`
      : ''
    return `  ${name.padEnd(8)} ${entry.summary}${options}`
  })
  .join('\n')
const flagWidth = Math.max(...Object.values(VARIANT_OPTIONS).map(({ flag }) => flag.length))
// Two spaces after the longest flag: the help layout (help-text.ts) reads a row by that gap.
const optionLines = Object.values(VARIANT_OPTIONS)
  .map(({ flag, help }) => `  --${flag.padEnd(flagWidth)}  ${help}`)
  .join('\n')
/** Every variant option's flag, as parseArgs wants it: each strategy's own are checked by the server. */
const variantFlags = Object.fromEntries(
  Object.values(VARIANT_OPTIONS).map(({ flag }) => [flag, { type: 'string' as const }]),
)

/** A port it cannot have: one line on what to do, exit 1 (other errors go to main as they are). */
function refused(error: unknown): number {
  if (!(error instanceof PortUnavailableError)) throw error
  console.error(`authlab serve: ${error.message}`)
  return 1
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start one server with one auth strategy',
  usage: `authlab serve <strategy> [--port N] [--host H] [variant options]

Strategies:
${strategyLines}

Options:
  --port N       port to listen on (default: PORT or 3000; 0 picks a free one)
  --host H       address to listen on (default: HOST or 127.0.0.1)
${optionLines}

Environment: REDIS_URL (default redis://127.0.0.1:6379) and the rest listed in the README.
Stops cleanly on SIGTERM or Ctrl-C: in-flight requests finish, then Redis is closed.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        ...variantFlags,
      },
    })
    const [name, ...extra] = positionals
    if (!name || extra.length > 0) throw new UsageError('name exactly one strategy')
    if (!isStrategy(name)) {
      throw new UsageError(`unknown strategy "${name}"; choose one of ${strategyNames().join(', ')}`)
    }
    if (values.port !== undefined && !/^\d+$/.test(values.port.trim())) {
      throw new UsageError(`--port takes a port number from 0 to 65535 (0 picks a free one), got "${values.port}"`)
    }
    const flags = Object.fromEntries(
      Object.entries(VARIANT_OPTIONS).flatMap(([name, { flag }]) => {
        const raw = (values as Record<string, string | undefined>)[flag]
        return raw === undefined
          ? []
          : [[flag, variantOptionValue(name as keyof typeof VARIANT_OPTIONS, raw, `--${flag}`)]]
      }),
    )
    const config = loadConfig({
      ...process.env,
      ...(values.port !== undefined && { PORT: values.port }),
      ...(values.host !== undefined && { HOST: values.host }),
    })
    const options = optionsFromFlags(flags)
    // Everything that can refuse this start is checked before Redis is connected and the demo
    // passwords are hashed (seconds): a start that cannot succeed exits at once, not later or never.
    checkVariantOptions(name, options)
    refuseExposedDemoUsers(config, config.host)
    try {
      await checkPortFree(config.port, config.host)
    } catch (error) {
      return refused(error)
    }
    // A server must not die because whoever reads its log went away (a closed pipe).
    process.stdout.on('error', () => {})
    const log = (message: string) => console.log(`[${name}] ${message}`)
    const server = await createLabServer({ strategy: name, options, config, log })
    let url: string
    try {
      url = await server.listen()
    } catch (error) {
      // Close Redis and the strategy: an open connection would keep a refused process alive.
      await server.close(0)
      return refused(error)
    }
    const variant = Object.entries(server.strategy.variant)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ')
    log(`listening on ${url} (strategy ${name}${variant && `, ${variant}`}, pid ${process.pid})`)

    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: finishing in-flight requests, then closing`)
        resolve()
      }
      process.once('SIGTERM', () => stop('SIGTERM'))
      process.once('SIGINT', () => stop('SIGINT'))
    })
    await server.close()
    log('closed')
    return 0
  },
}
