import { parseArgs } from 'node:util'
import { loadConfig } from '../../servers/core/config.js'
import { createLabServer } from '../../servers/lab-server.js'
import { refuseExposedDemoUsers } from '../../servers/core/demo-user-guard.js'
import { checkPortFree, PortUnavailableError } from '../../servers/port-check.js'
import type { LabConfig } from '../../servers/core/config.js'
import { ALICE } from '../../servers/core/demo-data.js'
import type { StrategyName } from '../../servers/core/strategy.js'
import {
  authenticates,
  checkVariantOptions,
  isStrategy,
  optionsFromFlags,
  strategyEntry,
  strategyNames,
  VARIANT_OPTIONS,
} from '../../servers/registry.js'
import { variantOptionValue } from '../runner/variants.js'
import { UsageError, type Command } from './command.js'
import { redisAnswers, redisHint, strategiesNeedingRedis } from './redis-hint.js'

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
       authlab serve --all [--port N] [--host H]

Strategies:
${strategyLines}

Options:
  --port N       port to listen on (default: PORT or 3000; 0 picks a free one)
  --host H       address to listen on (default: HOST or 127.0.0.1)
  --all          every strategy with its defaults, on consecutive ports from --port (none, jwt,
                 session, apikey, paseto: 3000 to 3004 by default), one process, one curl line
                 each: a workshop without Docker
${optionLines}

Environment: REDIS_URL (default redis://127.0.0.1:6379) and the rest listed in the README; a .env
file in the current directory is read first (see the README). Every strategy but none and session
--store memory needs a Redis (the login limiter lives there): serve says how to start one when none
answers.
Stops cleanly on SIGTERM or Ctrl-C: in-flight requests finish, then Redis is closed.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        all: { type: 'boolean', default: false },
        ...variantFlags,
      },
    })
    if (values.port !== undefined && !/^\d+$/.test(values.port.trim())) {
      throw new UsageError(`--port takes a port number from 0 to 65535 (0 picks a free one), got "${values.port}"`)
    }
    if (values.all) {
      if (positionals.length > 0)
        throw new UsageError(`--all starts every strategy: name none (got "${positionals[0]}")`)
      const given = Object.values(VARIANT_OPTIONS).find(
        ({ flag }) => (values as Record<string, unknown>)[flag] !== undefined,
      )
      if (given)
        throw new UsageError(
          `--all starts every strategy with its defaults; --${given.flag} applies to one: authlab serve <strategy> --${given.flag} ...`,
        )
      return serveAll(values.port, values.host)
    }
    const [name, ...extra] = positionals
    if (!name || extra.length > 0) throw new UsageError('name exactly one strategy (or --all)')
    if (!isStrategy(name)) {
      throw new UsageError(`unknown strategy "${name}"; choose one of ${strategyNames().join(', ')}`)
    }
    const flags = Object.fromEntries(
      Object.entries(VARIANT_OPTIONS).flatMap(([name, { flag }]) => {
        const raw = (values as Record<string, unknown>)[flag] as string | undefined
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
    if (strategyEntry(name).needsRedis(options)) await hintWhenNoRedis(config, [name])
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
    if (server.metricsUrl) log(`metrics on ${server.metricsUrl} (AUTHLAB_METRICS=${config.metrics?.mode})`)

    await untilStopped(log)
    await server.close()
    log('closed')
    return 0
  },
}

/** Resolves on SIGTERM or Ctrl-C (said in the log): then in-flight requests finish and Redis is closed. */
const untilStopped = (log: (message: string) => void) =>
  new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: finishing in-flight requests, then closing`)
      resolve()
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
  })

async function hintWhenNoRedis(config: LabConfig, needing: readonly string[]): Promise<void> {
  if (needing.length === 0 || config.redisSentinel) return
  if (!(await redisAnswers(config.redisUrl))) console.error(redisHint(config.redisUrl, needing))
}

/** How to call each server of `serve --all`: one line each, to copy (curl 7.82+ for --json). */
export function curlLine(name: string, url: string): string {
  const base = url.replace(/^http:\/\//, '')
  return authenticates(name as StrategyName)
    ? `curl -s ${base}/auth/login --json '${JSON.stringify(ALICE)}'`
    : `curl -s ${base}/api/me`
}

/**
 * `authlab serve --all`: every strategy with its defaults in this one process, on consecutive ports
 * from --port (3000: none, 3001: jwt, ... as in the README), each with its own Redis key prefix. For
 * a workshop without Docker.
 */
async function serveAll(port: string | undefined, host: string | undefined): Promise<number> {
  const env = { ...process.env, ...(port !== undefined && { PORT: port }), ...(host !== undefined && { HOST: host }) }
  const first = loadConfig(env)
  if (first.port === 0) throw new UsageError('--all needs a first port (the others follow it), not 0')
  const names = strategyNames()
  const planned = names.map((name, index) => ({
    name,
    config: loadConfig({
      ...env,
      PORT: String(first.port + index),
      AUTHLAB_KEY_PREFIX: `${first.keyPrefix}${name}:`,
      // Metrics on: consecutive ports from AUTHLAB_METRICS_PORT too (9464: none, 9465: jwt, ...).
      ...(first.metrics && { AUTHLAB_METRICS_PORT: String(first.metrics.port + (first.metrics.port && index)) }),
    }),
  }))
  // Every check before any server starts: a refused start leaves nothing half up.
  for (const { config } of planned) {
    refuseExposedDemoUsers(config, config.host)
    try {
      await checkPortFree(config.port, config.host)
    } catch (error) {
      return refused(error)
    }
  }
  await hintWhenNoRedis(first, strategiesNeedingRedis())
  process.stdout.on('error', () => {})
  const servers: { name: string; url: string; server: Awaited<ReturnType<typeof createLabServer>> }[] = []
  try {
    for (const { name, config } of planned) {
      const log = (message: string) => console.log(`[${name}] ${message}`)
      const server = await createLabServer({ strategy: name, options: {}, config, log })
      servers.push({ name, url: '', server })
      const url = await server.listen()
      servers[servers.length - 1] = { name, url, server }
      log(`listening on ${url} (strategy ${name}, pid ${process.pid})`)
      if (server.metricsUrl) log(`metrics on ${server.metricsUrl}`)
    }
  } catch (error) {
    await Promise.all(servers.map(({ server }) => server.close(0)))
    return refused(error)
  }
  const width = Math.max(...names.map((name) => name.length))
  console.log(
    [
      '',
      `${servers.length} servers up; one call each (the demo users are in the README):`,
      ...servers.map(({ name, url }) => `  ${name.padEnd(width)}  ${curlLine(name, url)}`),
    ].join('\n'),
  )
  await untilStopped((message) => console.log(`[all] ${message}`))
  await Promise.all(servers.map(({ server }) => server.close()))
  console.log('[all] closed')
  return 0
}
