/**
 * The store stage's options, declared once: `authlab run` and the three store commands read them
 * through the one option table (runner/stage-options.ts), each command those of its experiment.
 * `--rate`, `--rounds` and `--store-failure` stay the commands' own: a run has a `--rounds` of its
 * own, two experiments pace at different rates, and a run always adds the fail-open variants.
 */
import { STORE_LATENCY, STORE_OUTAGE, STORE_RESTART } from '../defaults.js'
import { REDIS_PERSISTENCE } from '../runner/redis-server.js'
import { list, oneOf, positive, sizedDefault, UsageError } from '../runner/option-values.js'
import type { StageOption } from '../runner/stage.js'
import { OUTAGE_MODES } from './store-outage.js'
import { RESTART_STOPS } from './store-restart.js'
import type { LatencyOptions } from './store-latency.js'
import type { OutageOptions } from './store-outage.js'
import type { RestartOptions } from './store-restart.js'
import type { StoreStageConfig } from './store-stage.js'

type StoreOption = StageOption<StoreStageConfig>

type Experiment = 'restart' | 'outage' | 'latency'
type OptionsOf<E extends Experiment> = NonNullable<StoreStageConfig[E]>['options']

/** Each option sets one experiment's options; a config without that experiment is left as it is. */
const setting =
  <E extends Experiment>(experiment: E, change: (raw: string) => Partial<OptionsOf<E>>) =>
  (config: StoreStageConfig, raw: string): StoreStageConfig => {
    const options = change(raw)
    const part = config[experiment]
    return part ? { ...config, [experiment]: { ...part, options: { ...part.options, ...options } } } : config
  }

/** A default of one experiment, as the help says it (see sizedDefault). */
const sized =
  <Options>(sizes: { readonly compact: Options; readonly full: Options }, say: (options: Options) => string | number) =>
  (where: 'run' | 'alone') =>
    sizedDefault(where, say(sizes.compact), say(sizes.full))
const joined = (values: readonly (string | number)[]) => values.join(',')

export const PERSISTENCE: StoreOption = {
  flag: 'persistence',
  value: 'LIST',
  help: (where) =>
    `${REDIS_PERSISTENCE.join(', ')} (default ${sized<RestartOptions>(STORE_RESTART, (options) => joined(options.persistence))(where)}): none is the lab's default; rdb saves a snapshot on graceful shutdown; aof is appendonly with appendfsync everysec`,
  apply: setting('restart', (raw) => ({ persistence: oneOf('persistence', raw, REDIS_PERSISTENCE) ?? [] })),
}

export const STOPS: StoreOption = {
  flag: 'stops',
  value: 'LIST',
  help: (where) =>
    `${RESTART_STOPS.join(', ')} (default ${sized<RestartOptions>(STORE_RESTART, (options) => joined(options.stops))(where)}): SIGTERM, or SIGKILL of the Redis process`,
  apply: setting('restart', (raw) => ({ stops: oneOf('stops', raw, RESTART_STOPS) ?? [] })),
}

export const CREDENTIALS: StoreOption = {
  flag: 'credentials',
  value: 'N',
  help: (where) =>
    `logins per variant kept live across a Redis restart, and as many logged out (default ${sized<RestartOptions>(STORE_RESTART, (options) => options.credentials)(where)})`,
  apply: setting('restart', (raw) => ({ credentials: positive('credentials', raw, true) })),
}

export const OUTAGE_SECONDS: StoreOption = {
  flag: 'outage-seconds',
  value: 'S',
  help: (where) =>
    `how long the store is gone (default ${sized<OutageOptions>(STORE_OUTAGE, (options) => options.seconds)(where)})`,
  apply: setting('outage', (raw) => ({ seconds: positive('outage-seconds', raw, false) })),
}

export const MODES: StoreOption = {
  flag: 'modes',
  value: 'LIST',
  help: (where) =>
    `how the store goes away: ${OUTAGE_MODES.join(', ')} (default ${sized<OutageOptions>(STORE_OUTAGE, (options) => joined(options.modes))(where)})`,
  apply: setting('outage', (raw) => ({ modes: oneOf('modes', raw, OUTAGE_MODES) ?? [] })),
}

export const STORE_TIMEOUT: StoreOption = {
  flag: 'store-timeout',
  value: 'MS',
  help: (where) =>
    `the servers' AUTHLAB_STORE_TIMEOUT_MS in the outage (default ${sized<OutageOptions>(STORE_OUTAGE, (options) => options.storeTimeoutMs)(where)})`,
  apply: setting('outage', (raw) => ({ storeTimeoutMs: positive('store-timeout', raw, true) })),
}

export const RTT: StoreOption = {
  flag: 'rtt',
  value: 'LIST',
  help: (where) =>
    `round-trip times to Redis in ms (default ${sized<LatencyOptions>(STORE_LATENCY, (options) => joined(options.rttsMs))(where)})`,
  apply: setting('latency', (raw) => {
    const rttsMs = list(raw).map(Number)
    if (rttsMs.length === 0 || rttsMs.some((value) => !Number.isFinite(value) || value < 0))
      throw new UsageError(`--rtt takes milliseconds, comma-separated (e.g. 0,0.5,1,2,5), got "${raw}"`)
    return { rttsMs }
  }),
}

export const LOAD_SECONDS: StoreOption = {
  flag: 'load-seconds',
  value: 'S',
  help: (where) =>
    `open-model seconds per variant and RTT (default ${sized<LatencyOptions>(STORE_LATENCY, (options) => options.openSeconds)(where)})`,
  apply: setting('latency', (raw) => ({ openSeconds: positive('load-seconds', raw, false) })),
}

export const RESTART_OPTIONS: readonly StoreOption[] = [PERSISTENCE, STOPS, CREDENTIALS]
export const OUTAGE_OPTIONS: readonly StoreOption[] = [OUTAGE_SECONDS, MODES, STORE_TIMEOUT]
export const LATENCY_OPTIONS: readonly StoreOption[] = [RTT, LOAD_SECONDS]
export const STORE_OPTIONS: readonly StoreOption[] = [...LATENCY_OPTIONS, ...OUTAGE_OPTIONS, ...RESTART_OPTIONS]
