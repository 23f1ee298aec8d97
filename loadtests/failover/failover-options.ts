/**
 * The failover stage's options, declared once: `authlab run` and `authlab failover` read them through
 * the one option table (runner/stage-options.ts). `--replicas` and `--rate` stay `authlab failover`'s
 * own: `authlab revoke` takes both for its stage too.
 */
import { FAILOVER } from '../defaults.js'
import { oneOf, sizedDefault, UsageError } from '../runner/option-values.js'
import type { StageOption } from '../runner/stage.js'
import type { FailoverOptions } from './failover-experiment.js'
import type { FailoverStageConfig } from './failover-section.js'

type FailoverOption = StageOption<FailoverStageConfig>

const withOptions = (config: FailoverStageConfig, options: Partial<FailoverOptions>): FailoverStageConfig => ({
  ...config,
  options: { ...config.options, ...options },
})

/**
 * Where a revocation must be before the logout is answered 204: on the primary (the servers'
 * default), or on a replica too (durable revocation: AUTHLAB_DURABLE_REVOCATION, Redis WAIT 1).
 */
const DURABILITY = ['primary', 'replica'] as const
const durabilityOf = (durable: boolean) => (durable ? 'replica' : 'primary')

const defaultOf = (where: 'run' | 'alone', say: (options: FailoverOptions) => string | number) =>
  sizedDefault(where, say(FAILOVER.compact), say(FAILOVER.full))

/** `--durability LIST`: one failover run per level. */
export const DURABILITY_OPTION: FailoverOption = {
  flag: 'durability',
  value: 'LIST',
  help: (where) =>
    `where a revocation must be before its logout answers 204, one run each (default ${defaultOf(where, (options) => options.durable.map(durabilityOf).join(','))}): primary, the servers' default; replica, durable revocation (AUTHLAB_DURABLE_REVOCATION: Redis WAIT 1 after every revocation)`,
  apply(config, raw) {
    const levels = oneOf('durability', raw, DURABILITY) ?? []
    return withOptions(config, {
      durable: DURABILITY.filter((level) => levels.includes(level)).map((level) => level === 'replica'),
    })
  },
}

/** `--lag MS`: replication lag made on purpose (lag-proxy.ts), so that a failover can lose a write. */
export const LAG: FailoverOption = {
  flag: 'lag',
  value: 'MS',
  help: (where) =>
    `replication lag made on purpose (default ${defaultOf(where, (options) => options.replicationLagMs)}; 0: a direct link)`,
  apply(config, raw) {
    const lag = Number(raw)
    if (raw.trim() === '' || !Number.isInteger(lag) || lag < 0 || lag > 5000)
      throw new UsageError('--lag takes milliseconds from 0 to 5000')
    return withOptions(config, { replicationLagMs: lag })
  },
}

export const FAILOVER_OPTIONS: readonly FailoverOption[] = [DURABILITY_OPTION, LAG]
