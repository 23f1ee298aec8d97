import { parseArgs } from 'node:util'
import { authenticates, strategyNames } from '../../servers/registry.js'
import { STORE_LATENCY, STORE_LATENCY_CACHE_TTL_MS, STORE_OUTAGE, STORE_RESTART } from '../defaults.js'
import { createProgress } from '../runner/progress.js'
import { REDIS_PERSISTENCE, type RedisPersistence } from '../runner/redis-server.js'
import { BASELINE_ID, parseVariant, type VariantSpec } from '../runner/variants.js'
import { RESTART_STOPS, type RestartStop } from '../store/store-restart.js'
import { storeVariants, withFailOpen } from '../store/store-servers.js'
import { OUTAGE_MODES, type OutageMode } from '../store/store-outage.js'
import { renderOutageMarkdown, renderRestartMarkdown } from '../store/store-tables.js'
import { renderLatencyMarkdown } from '../store/latency-table.js'
import { chooseVariants, spreadVariantArgs, VARIANT_FLAGS } from './variant-flags.js'
import { UsageError, type Command } from './command.js'
import { list, oneOf, refuseOldFlags } from '../runner/option-values.js'
import { positive } from './run-options.js'
import { runStageAlone } from './stage-alone.js'

/** The three store experiments of issue 13 (loadtests/store/): each one stage of the run machinery alone. */

/** `--strategies` (every token mode and stateful strategy of each), `--variants` added, or `--only` these. */
const pickVariants = (values: Parameters<typeof chooseVariants>[0]): VariantSpec[] =>
  chooseVariants(values, (strategies) => storeVariants(strategies ?? strategyNames().filter(authenticates), false))

const VARIANT_HELP = `  --strategies LIST     strategies whose variants to cover (default: every strategy with a credential):
                        each token revocation mode (none, denylist, refresh), session and apikey
  --variants V ...      more variants, added to those, e.g. jwt:alg=ES256,revocation=denylist
  --only V ...          exactly these variants instead, e.g. jwt:revocation=denylist session
  --out DIR             where results/<timestamp>/ goes (default ./results)`

export const storeRestartCommand: Command = {
  name: 'store-restart',
  summary: 'restart Redis with and without persistence: logins lost, revoked tokens accepted again',
  usage: `authlab store-restart [--persistence LIST] [--stops LIST] [--credentials N] [--strategies LIST | --only V ...] [--variants V ...]

Starts a private redis-server (it needs a local one: it stops and restarts it) and one server per
variant. For each persistence mode and way of stopping: a fresh Redis on the same port, N logins
per variant kept live and N more logged out, then Redis stopped and started again from whatever
it kept. Counts, per variant: live sessions, API keys and refresh tokens lost (users logged out),
and revoked tokens accepted again (denylist entries lost: they work again until their exp).

Options:
  --persistence LIST    ${REDIS_PERSISTENCE.join(', ')} (default ${STORE_RESTART.full.persistence.join(',')}): none is the lab's
                        default; rdb saves a snapshot on graceful shutdown; aof is appendonly with
                        appendfsync everysec
  --stops LIST          ${RESTART_STOPS.join(', ')} (default both): SIGTERM, or SIGKILL of the Redis process
  --credentials N       logins per variant kept live, and as many logged out (default ${STORE_RESTART.full.credentials})
${VARIANT_HELP}

Writes results.json (section "store_restart"), summary.md and the report.`,

  async run(argv) {
    const { values } = parseArgs({
      args: spreadVariantArgs(argv),
      options: {
        persistence: { type: 'string' },
        stops: { type: 'string' },
        credentials: { type: 'string' },
        ...VARIANT_FLAGS,
        out: { type: 'string', default: 'results' },
      },
    })
    const variants = pickVariants(values)
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

export const storeOutageCommand: Command = {
  name: 'store-outage',
  summary: 'kill and stall Redis under paced load: what each variant serves, refuses, lets in',
  usage: `authlab store-outage [--outage-seconds S] [--modes LIST] [--rate R] [--store-failure open] [--strategies LIST | --only V ...] [--variants V ...]

Starts a private redis-server (AOF, so a killed one comes back with its data) and one server per
variant, drives open-model load on each (a live credential and a logged-out one, in turn), then
takes Redis away: killed (SIGKILL, started again after S seconds), then stalled (SIGSTOP, then
SIGCONT). Per variant and per 100 ms: answers by status; served during the outage (2xx), refused
(503), hung (no answer within the store timeout + 1 s), revoked tokens accepted, and the time from
the store's return to the first 2xx. A variant whose reads ask the store (the registry says which)
must serve nothing while it is gone: one that does, or any hung request, fails the run (exit 1).

Options:
  --outage-seconds S    how long the store is gone (default ${STORE_OUTAGE.full.seconds})
  --modes LIST          ${OUTAGE_MODES.join(', ')} (default both)
  --rate R              requests per second per variant (default ${STORE_OUTAGE.full.ratePerSecond})
  --store-timeout MS    the servers' AUTHLAB_STORE_TIMEOUT_MS (default ${STORE_OUTAGE.full.storeTimeoutMs})
  --store-failure open  also run each denylist variant with --store-failure open: INSECURE, serves
                        without the denylist while Redis is down; measures how many revoked tokens get in
${VARIANT_HELP}

Writes results.json (section "store_outage"), summary.md and the report (a status timeline per variant).`,

  async run(argv) {
    refuseOldFlags(argv, { '--seconds': '--outage-seconds' })
    const { values } = parseArgs({
      args: spreadVariantArgs(argv),
      options: {
        'outage-seconds': { type: 'string' },
        modes: { type: 'string' },
        rate: { type: 'string' },
        'store-timeout': { type: 'string' },
        'store-failure': { type: 'string' },
        ...VARIANT_FLAGS,
        out: { type: 'string', default: 'results' },
      },
    })
    const failure = values['store-failure']
    if (failure !== undefined && failure !== 'open' && failure !== 'closed') {
      throw new UsageError(`--store-failure takes open (or closed, the default), got "${failure}"`)
    }
    const picked = pickVariants(values)
    const variants = failure === 'open' ? withFailOpen(picked) : picked
    const full = STORE_OUTAGE.full
    const options = {
      ...full,
      modes: oneOf<OutageMode>('modes', values.modes, OUTAGE_MODES) ?? [...full.modes],
      seconds: positive('outage-seconds', values['outage-seconds'], false) ?? full.seconds,
      ratePerSecond: positive('rate', values.rate, false) ?? full.ratePerSecond,
      storeTimeoutMs: positive('store-timeout', values['store-timeout'], true) ?? full.storeTimeoutMs,
    }
    const progress = createProgress()
    progress.note(`authlab store-outage: ${variants.map((variant) => variant.id).join(', ')}`)
    const { results, directory, report } = await runStageAlone(
      { store: { outage: { variants, options } } },
      values.out,
      progress,
    )
    if (results.store_outage) console.log(`\n${renderOutageMarkdown(results.store_outage)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.store_outage && !results.warnings.some((warning) => warning.startsWith('STORE OUTAGE')) ? 0 : 1
  },
}

const numbers = (flag: string, raw: string | undefined): number[] | undefined => {
  if (raw === undefined) return undefined
  const values = list(raw).map(Number)
  if (values.length === 0 || values.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new UsageError(`--${flag} takes milliseconds, comma-separated (e.g. 0,0.5,1,2,5), got "${raw}"`)
  }
  return values
}

export const storeLatencyCommand: Command = {
  name: 'store-latency',
  summary: 'move Redis away (a delaying proxy): latency and throughput of each variant per RTT',
  usage: `authlab store-latency [--rtt LIST] [--rate N] [--load-seconds S] [--rounds N] [--strategies LIST | --only V ...] [--variants V ...]

Starts a private redis-server and, for each round-trip time, a TCP proxy in its own process that
holds every chunk for RTT/2 each way (in order): network distance only, not a loaded Redis. Every
variant's server (and the no-auth baseline's) connects through it. Per variant and RTT: latency
p50/p90/p99 under open-model load (paced, so added latency is not hidden), and the hot-read req/s
ratio to the baseline over rounds of short bursts, as the lab's load stages measure it.

Options:
  --rtt LIST         round-trip times in ms (default ${STORE_LATENCY.full.rttsMs.join(',')})
  --rate N           open-model requests per second per variant (default ${STORE_LATENCY.full.ratePerSecond})
  --load-seconds S   open-model seconds per variant and RTT (default ${STORE_LATENCY.full.openSeconds})
  --rounds N         hot-read rounds per RTT (default ${STORE_LATENCY.full.rounds}; 0: latency only)
  --strategies LIST  strategies to cover (default: every one with a credential): each with its
                     defaults, a denylist for tokens and a ${STORE_LATENCY_CACHE_TTL_MS} ms cache for sessions
  --variants V ...   more variants, added to those
  --only V ...       exactly these variants instead (the baseline is always added)
  --out DIR          where results/<timestamp>/ goes (default ./results)

Writes results.json (section "store_latency"), summary.md and the report (latency against RTT).`,

  async run(argv) {
    refuseOldFlags(argv, { '--seconds': '--load-seconds' })
    const { values } = parseArgs({
      args: spreadVariantArgs(argv),
      options: {
        rtt: { type: 'string' },
        rate: { type: 'string' },
        'load-seconds': { type: 'string' },
        rounds: { type: 'string' },
        ...VARIANT_FLAGS,
        out: { type: 'string', default: 'results' },
      },
    })
    const picked = chooseVariants(values, (strategies) =>
      storeVariants(strategies ?? strategyNames().filter(authenticates), true, [STORE_LATENCY_CACHE_TTL_MS]),
    )
    const variants = [parseVariant(BASELINE_ID), ...picked.filter((variant) => variant.id !== BASELINE_ID)]
    const full = STORE_LATENCY.full
    const rounds = values.rounds === '0' ? 0 : (positive('rounds', values.rounds, true) ?? full.rounds)
    const options = {
      ...full,
      rttsMs: numbers('rtt', values.rtt) ?? [...full.rttsMs],
      ratePerSecond: positive('rate', values.rate, false) ?? full.ratePerSecond,
      openSeconds: positive('load-seconds', values['load-seconds'], false) ?? full.openSeconds,
      rounds,
    }
    const progress = createProgress()
    progress.note(
      `authlab store-latency: ${variants.map((variant) => variant.id).join(', ')}; RTT ${options.rttsMs.join(', ')} ms`,
    )
    const { results, directory, report } = await runStageAlone(
      { store: { latency: { variants, options } } },
      values.out,
      progress,
    )
    if (results.store_latency) console.log(`\n${renderLatencyMarkdown(results.store_latency)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.store_latency ? 0 : 1
  },
}
