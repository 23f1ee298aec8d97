import { parseArgs } from 'node:util'
import { loadConfig } from '../../servers/core/config.js'
import { STRATEGY_NAMES, type StrategyName, type VariantOptions } from '../../servers/core/strategy.js'
import { createLabServer } from '../../servers/lab-server.js'
import { STRATEGIES, VARIANT_OPTIONS } from '../../servers/registry.js'
import { UsageError, type Command } from './command.js'

const strategyLines = STRATEGY_NAMES.map((name) => {
  const entry = STRATEGIES[name]
  const options = entry.options.length
    ? `  [${entry.options.map((option) => `--${VARIANT_OPTIONS[option].flag}`).join(' ')}]`
    : ''
  return `  ${name.padEnd(8)} ${entry.summary}${options}`
}).join('\n')
const optionLines = Object.values(VARIANT_OPTIONS)
  .map(({ flag, help }) => `  --${flag.padEnd(12)} ${help}`)
  .join('\n')

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
        alg: { type: 'string' },
        'key-format': { type: 'string' },
        revocation: { type: 'string' },
        store: { type: 'string' },
        'cache-ttl': { type: 'string' },
        invalidation: { type: 'string' },
      },
    })
    const [name, ...extra] = positionals
    if (!name || extra.length > 0) throw new UsageError('name exactly one strategy')
    if (!(STRATEGY_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`unknown strategy "${name}"; choose one of ${STRATEGY_NAMES.join(', ')}`)
    }
    const config = loadConfig({
      ...process.env,
      ...(values.port !== undefined && { PORT: values.port }),
      ...(values.host !== undefined && { HOST: values.host }),
    })
    const cacheTtl = values['cache-ttl'] === undefined ? undefined : Number(values['cache-ttl'])
    const options: VariantOptions = {
      alg: values.alg,
      keyFormat: values['key-format'],
      revocation: values.revocation,
      store: values.store,
      cacheTtl,
      invalidation: values.invalidation,
    }
    // A server must not die because whoever reads its log went away (a closed pipe).
    process.stdout.on('error', () => {})
    const log = (message: string) => console.log(`[${name}] ${message}`)
    const server = await createLabServer({ strategy: name as StrategyName, options, config, log })
    const url = await server.listen()
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
