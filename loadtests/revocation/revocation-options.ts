/**
 * The revocation stage's options, declared once: `authlab run` and `authlab revoke` read them through
 * the one option table (runner/stage-options.ts). `--replicas`, `--rate` and `--cache-ttl` stay
 * `authlab revoke`'s own: the first two are also the failover command's, and `--cache-ttl` shapes
 * the command's default set of variants.
 */
import { REVOCATION_DEFAULTS, REVOCATION_PROFILES } from '../defaults.js'
import { hasHaproxy } from '../runner/haproxy.js'
import { list, parseDuration, UsageError } from '../runner/option-values.js'
import type { StageOption } from '../runner/stage.js'
import { REVOKE_KINDS, type RevocationOptions } from './revocation-experiment.js'
import type { RevocationStageConfig } from './stage.js'

type RevocationOption = StageOption<RevocationStageConfig>

const withOptions = (config: RevocationStageConfig, options: Partial<RevocationOptions>): RevocationStageConfig => ({
  ...config,
  options: { ...config.options, ...options },
})

const { default: run, quick, full } = REVOCATION_PROFILES

/** `--token-ttl S`: how long the stage's credentials live. */
export const TOKEN_TTL: RevocationOption = {
  flag: 'token-ttl',
  value: 'S',
  help: (where) =>
    where === 'run'
      ? `credential lifetime in the revocation stage, in seconds or with a unit (5s, 2m; default ${run.options.tokenTtlS} s, --quick ${quick.options.tokenTtlS} s, --full ${full.options.tokenTtlS} s): the window of a token nobody can revoke is what is left of it`
      : `credential lifetime, in seconds or with a unit (5s, 2m; default ${REVOCATION_DEFAULTS.tokenTtlS} s; the lab's run uses a shorter one, see authlab run --help)`,
  apply: (config, raw) => withOptions(config, { tokenTtlS: parseDuration('--token-ttl', raw, 's', { min: 1 }) }),
}

/** `--kinds LIST`: which revokes to time, a logout and a revoke-all. */
export const KINDS: RevocationOption = {
  flag: 'kinds',
  value: 'LIST',
  help: (where) =>
    `revokes to time: ${REVOKE_KINDS.join(', ')} (default ${(where === 'run' ? run.options : REVOCATION_DEFAULTS).kinds.join(',')}${where === 'run' ? `, --quick ${quick.options.kinds.join(',')}` : ''})`,
  apply(config, raw) {
    const kinds = list(raw)
    const unknown = kinds.find((kind) => !(REVOKE_KINDS as readonly string[]).includes(kind))
    if (unknown) throw new UsageError(`--kinds takes ${REVOKE_KINDS.join(', ')}, got "${unknown}"`)
    return kinds.length === 0 ? config : withOptions(config, { kinds: kinds as RevocationOptions['kinds'] })
  },
}

/** `--balancer haproxy`: the load and the revoke through a real HAProxy in front of the replicas. */
export const BALANCER: RevocationOption = {
  flag: 'balancer',
  value: 'haproxy',
  help: () =>
    "send the revocation stage's load and revoke through a real HAProxy in front of the replicas (needs haproxy; default: none, client-side round-robin); each answer's replica comes from its X-Authlab-Replica header, so the per-replica windows still come out",
  apply(config, raw) {
    if (raw !== 'haproxy') throw new UsageError(`--balancer takes haproxy, got "${raw}"`)
    if (!hasHaproxy()) throw new UsageError('--balancer haproxy needs haproxy: apt-get install haproxy')
    return withOptions(config, { balancer: 'haproxy' })
  },
}

export const REVOCATION_OPTIONS: readonly RevocationOption[] = [TOKEN_TTL, KINDS, BALANCER]
