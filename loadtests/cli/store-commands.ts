import { parseArgs } from 'node:util'
import { authenticates, strategyNames } from '../../servers/registry.js'
import { STORE_RESTART } from '../defaults.js'
import { createProgress } from '../runner/progress.js'
import { REDIS_PERSISTENCE, type RedisPersistence } from '../runner/redis-server.js'
import { parseVariant, type VariantSpec } from '../runner/variants.js'
import { RESTART_STOPS, type RestartStop } from '../store/store-restart.js'
import { storeVariants } from '../store/store-servers.js'
import { renderRestartMarkdown } from '../store/store-tables.js'
import { UsageError, type Command } from './command.js'
import { positive } from './run-options.js'
import { runStageAlone } from './stage-alone.js'

/** The three store experiments of issue 13 (loadtests/store/): each one stage of the run machinery alone. */

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)

function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined
  const picked = list(raw)
  const wrong = picked.find((value) => !(allowed as readonly string[]).includes(value))
  if (wrong || picked.length === 0) throw new UsageError(`--${flag} takes ${allowed.join(', ')}, got "${raw}"`)
  return picked as T[]
}

/** `--strategies` (every token mode and stateful strategy of each), or exactly the variants given. */
function pickVariants(strategies: string | undefined, variants: readonly string[]): VariantSpec[] {
  const texts = variants.flatMap((entry) => entry.split(/\s+/)).filter(Boolean)
  if (texts.length > 0) return texts.map((text) => parseVariant(text))
  return storeVariants(strategies ? list(strategies) : strategyNames().filter(authenticates), false)
}

const VARIANT_HELP = `  --strategies LIST  strategies whose variants to cover (default: every strategy with a credential):
                     each token revocation mode (none, denylist, refresh), session and apikey
  --variants V ...   exactly these variants instead, e.g. jwt:revocation=denylist session
  --out DIR          where results/<timestamp>/ goes (default ./results)`

export const storeRestartCommand: Command = {
  name: 'store-restart',
  summary: 'restart Redis with and without persistence: logins lost, revoked tokens accepted again',
  usage: `authlab store-restart [--persistence LIST] [--stops LIST] [--credentials N] [--strategies LIST] [--variants V ...]

Starts a private redis-server (it needs a local one: it stops and restarts it) and one server per
variant. For each persistence mode and way of stopping: a fresh Redis on the same port, N logins
per variant kept live and N more logged out, then Redis stopped and started again from whatever
it kept. Counts, per variant: live sessions, API keys and refresh tokens lost (users logged out),
and revoked tokens accepted again (denylist entries lost: they work again until their exp).

Options:
  --persistence LIST ${REDIS_PERSISTENCE.join(', ')} (default ${STORE_RESTART.full.persistence.join(',')}): none is the lab's
                     default; rdb saves a snapshot on graceful shutdown; aof is appendonly with
                     appendfsync everysec
  --stops LIST       ${RESTART_STOPS.join(', ')} (default both): SIGTERM, or SIGKILL of the Redis process
  --credentials N    logins per variant kept live, and as many logged out (default ${STORE_RESTART.full.credentials})
${VARIANT_HELP}

Writes results.json (section "store_restart"), summary.md and the report.`,

  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        persistence: { type: 'string' },
        stops: { type: 'string' },
        credentials: { type: 'string' },
        strategies: { type: 'string' },
        variants: { type: 'string', multiple: true, default: [] },
        out: { type: 'string', default: 'results' },
      },
    })
    const variants = pickVariants(values.strategies, values.variants)
    const options = {
      persistence: oneOf<RedisPersistence>('persistence', values.persistence, REDIS_PERSISTENCE) ?? [
        ...STORE_RESTART.full.persistence,
      ],
      stops: oneOf<RestartStop>('stops', values.stops, RESTART_STOPS) ?? [...STORE_RESTART.full.stops],
      credentials: positive('credentials', values.credentials, true) ?? STORE_RESTART.full.credentials,
    }
    const progress = createProgress()
    progress.note(`authlab store-restart: ${variants.map((variant) => variant.id).join(', ')}`)
    const { results, directory, report } = await runStageAlone(
      { store: { restart: { variants, options } } },
      values.out,
      progress,
    )
    if (results.store_restart) console.log(`\n${renderRestartMarkdown(results.store_restart)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.store_restart ? 0 : 1
  },
}
