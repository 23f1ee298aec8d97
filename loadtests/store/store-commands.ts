import { parseArgs } from 'node:util'
import { authenticates, strategyNames } from '../../servers/registry.js'
import { STORE_LATENCY, STORE_LATENCY_CACHE_TTL_MS, STORE_OUTAGE, STORE_RESTART } from '../defaults.js'
import { createProgress } from '../runner/progress.js'
import { BASELINE_ID, parseVariant, type VariantSpec } from '../runner/variants.js'
import { storeVariants, withFailOpen } from './store-servers.js'
import { renderOutageMarkdown, renderRestartMarkdown } from './store-tables.js'
import { renderLatencyMarkdown } from './latency-table.js'
import { chooseVariants, spreadVariantArgs, VARIANT_FLAGS } from '../runner/variant-flags.js'
import { UsageError } from '../runner/option-values.js'
import type { StageCommand } from '../runner/stage.js'
import { positive, refuseOldFlags } from '../runner/option-values.js'
import type { StageOption } from '../runner/stage.js'
import { LATENCY_OPTIONS, OUTAGE_OPTIONS, RESTART_OPTIONS } from './store-options.js'
import type { StoreStageConfig, StoreStageSections } from './store-stage.js'
import { applyOptions, optionFlags, optionRows } from '../runner/stage-options.js'

/** The three store experiments of issue 13 (loadtests/store/): each one stage of the run machinery alone. */

/** `--strategies` (every token mode and stateful strategy of each), `--variants` added, or `--only` these. */
const pickVariants = (values: Parameters<typeof chooseVariants>[0]): VariantSpec[] =>
  chooseVariants(values, (strategies) => storeVariants(strategies ?? strategyNames().filter(authenticates), false))

const VARIANT_HELP = `  --strategies LIST     strategies whose variants to cover (default: every strategy with a credential):
                        each token revocation mode (none, denylist, refresh), session and apikey
  --variants V ...      more variants, added to those, e.g. jwt:alg=ES256,revocation=denylist
  --only V ...          exactly these variants instead, e.g. jwt:revocation=denylist session
  --out DIR             where results/<timestamp>/ goes (default ./results)`

/** The store stage's config for one experiment, from the defaults and the stage's options given. */
const withOptions = (
  options: readonly StageOption<StoreStageConfig>[],
  config: StoreStageConfig,
  values: Readonly<Record<string, unknown>>,
  out: string,
) => ({ config: applyOptions(options, config, values), out })

/** `authlab store-restart`'s command line, read and checked before anything starts. */
export function parseStoreRestartArgs(argv: readonly string[]) {
  const { values } = parseArgs({
    args: spreadVariantArgs(argv),
    options: { ...optionFlags(RESTART_OPTIONS), ...VARIANT_FLAGS, out: { type: 'string', default: 'results' } },
  })
  const restart = { variants: pickVariants(values), options: STORE_RESTART.full }
  return withOptions(RESTART_OPTIONS, { restart }, values, values.out)
}

/** `authlab store-outage`'s command line, read and checked before anything starts. */
export function parseStoreOutageArgs(argv: readonly string[]) {
  refuseOldFlags(argv, { '--seconds': '--outage-seconds' })
  const { values } = parseArgs({
    args: spreadVariantArgs(argv),
    options: {
      ...optionFlags(OUTAGE_OPTIONS),
      rate: { type: 'string' },
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
  const full = STORE_OUTAGE.full
  const outage = {
    variants: failure === 'open' ? withFailOpen(picked) : picked,
    options: { ...full, ratePerSecond: positive('rate', values.rate, false) ?? full.ratePerSecond },
  }
  return withOptions(OUTAGE_OPTIONS, { outage }, values, values.out)
}

/** `authlab store-latency`'s command line, read and checked before anything starts. */
export function parseStoreLatencyArgs(argv: readonly string[]) {
  refuseOldFlags(argv, { '--seconds': '--load-seconds' })
  const { values } = parseArgs({
    args: spreadVariantArgs(argv),
    options: {
      ...optionFlags(LATENCY_OPTIONS),
      rate: { type: 'string' },
      rounds: { type: 'string' },
      ...VARIANT_FLAGS,
      out: { type: 'string', default: 'results' },
    },
  })
  const picked = chooseVariants(values, (strategies) =>
    storeVariants(strategies ?? strategyNames().filter(authenticates), true, [STORE_LATENCY_CACHE_TTL_MS]),
  )
  const full = STORE_LATENCY.full
  const latency = {
    variants: [parseVariant(BASELINE_ID), ...picked.filter((variant) => variant.id !== BASELINE_ID)],
    options: {
      ...full,
      ratePerSecond: positive('rate', values.rate, false) ?? full.ratePerSecond,
      rounds: values.rounds === '0' ? 0 : (positive('rounds', values.rounds, true) ?? full.rounds),
    },
  }
  return withOptions(LATENCY_OPTIONS, { latency }, values, values.out)
}

export const storeRestartCommand: StageCommand = {
  name: 'store-restart',
  summary: 'restart Redis with and without persistence: logins lost, revoked tokens accepted again',
  usage: `authlab store-restart [--persistence LIST] [--stops LIST] [--credentials N] [--strategies LIST | --only V ...] [--variants V ...]

Starts a private redis-server (it needs a local one: it stops and restarts it) and one server per
variant. For each persistence mode and way of stopping: a fresh Redis on the same port, N logins
per variant kept live and N more logged out, then Redis stopped and started again from whatever
it kept. Counts, per variant: live sessions, API keys and refresh tokens lost (users logged out),
and revoked tokens accepted again (denylist entries lost: they work again until their exp).

Options:
${optionRows(RESTART_OPTIONS, 'alone', 24)}
${VARIANT_HELP}

Writes results.json (section "store_restart"), summary.md and the report.`,

  async run(argv, alone) {
    const { config, out } = parseStoreRestartArgs(argv)
    const progress = createProgress()
    progress.note(`authlab store-restart: ${config.restart?.variants.map((variant) => variant.id).join(', ')}`)
    const { results, directory, report } = await alone<StoreStageSections>({ store: config }, out, progress)
    if (results.store_restart) console.log(`\n${renderRestartMarkdown(results.store_restart)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.store_restart ? 0 : 1
  },
}

export const storeOutageCommand: StageCommand = {
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
${optionRows(OUTAGE_OPTIONS, 'alone', 24)}
  --rate R              requests per second per variant (default ${STORE_OUTAGE.full.ratePerSecond})
  --store-failure open  also run each denylist variant with --store-failure open: INSECURE, serves
                        without the denylist while Redis is down; measures how many revoked tokens get in
${VARIANT_HELP}

Writes results.json (section "store_outage"), summary.md and the report (a status timeline per variant).`,

  async run(argv, alone) {
    const { config, out } = parseStoreOutageArgs(argv)
    const progress = createProgress()
    progress.note(`authlab store-outage: ${config.outage?.variants.map((variant) => variant.id).join(', ')}`)
    const { results, directory, report } = await alone<StoreStageSections>({ store: config }, out, progress)
    if (results.store_outage) console.log(`\n${renderOutageMarkdown(results.store_outage)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.store_outage && !results.warnings.some((warning) => warning.startsWith('STORE OUTAGE')) ? 0 : 1
  },
}

export const storeLatencyCommand: StageCommand = {
  name: 'store-latency',
  summary: 'move Redis away (a delaying proxy): latency and throughput of each variant per RTT',
  usage: `authlab store-latency [--rtt LIST] [--rate N] [--load-seconds S] [--rounds N] [--strategies LIST | --only V ...] [--variants V ...]

Starts a private redis-server and, for each round-trip time, a TCP proxy in its own process that
holds every chunk for RTT/2 each way (in order): network distance only, not a loaded Redis. Every
variant's server (and the no-auth baseline's) connects through it. Per variant and RTT: latency
p50/p90/p99 under open-model load (paced, so added latency is not hidden), and the hot-read req/s
ratio to the baseline over rounds of short bursts, as the lab's load stages measure it.

Options:
${optionRows(LATENCY_OPTIONS, 'alone', 21)}
  --rate N           open-model requests per second per variant (default ${STORE_LATENCY.full.ratePerSecond})
  --rounds N         hot-read rounds per RTT (default ${STORE_LATENCY.full.rounds}; 0: latency only)
  --strategies LIST  strategies to cover (default: every one with a credential): each with its
                     defaults, a denylist for tokens and a ${STORE_LATENCY_CACHE_TTL_MS} ms cache for sessions
  --variants V ...   more variants, added to those
  --only V ...       exactly these variants instead (the baseline is always added)
  --out DIR          where results/<timestamp>/ goes (default ./results)

Writes results.json (section "store_latency"), summary.md and the report (latency against RTT).`,

  async run(argv, alone) {
    const { config, out } = parseStoreLatencyArgs(argv)
    const progress = createProgress()
    progress.note(
      `authlab store-latency: ${config.latency?.variants.map((variant) => variant.id).join(', ')}; RTT ${config.latency?.options.rttsMs.join(', ')} ms`,
    )
    const { results, directory, report } = await alone<StoreStageSections>({ store: config }, out, progress)
    if (results.store_latency) console.log(`\n${renderLatencyMarkdown(results.store_latency)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.store_latency ? 0 : 1
  },
}
