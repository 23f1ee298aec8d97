import { strategyEntry } from '../../servers/registry.js'
import { parseVariant, type VariantSpec } from '../runner/variants.js'
import type { RevocationOptions, RevocationRun } from './revocation-experiment.js'

/** The `revocation` section of results.json. */
export interface RevocationSection {
  readonly method: {
    readonly replicas: number
    readonly token_ttl_s: number
    readonly rate_per_s: number
    readonly connections: number
    readonly lead_in_ms: number
    readonly settle_ms: number
    /** The verifiers ran with no clock tolerance; with one, add it to every stateless window. */
    readonly clock_tolerance_s: 0
    readonly kinds: readonly string[]
    /** Password-hash cost of these servers: lowered, since no login is measured here. */
    readonly scrypt_log_n: number
    /** `haproxy`: load and revoke went through HAProxy; replicas told apart by X-Authlab-Replica. */
    readonly balancer?: 'haproxy'
  }
  readonly runs: readonly RevocationRun[]
}

export const revocationMethod = (options: RevocationOptions, scryptLogN: number): RevocationSection['method'] => ({
  replicas: options.replicas,
  token_ttl_s: options.tokenTtlS,
  rate_per_s: options.ratePerSecond,
  connections: options.connections,
  lead_in_ms: options.leadInMs,
  settle_ms: options.settleMs,
  clock_tolerance_s: 0,
  kinds: options.kinds,
  scrypt_log_n: scryptLogN,
  ...(options.balancer && { balancer: options.balancer }),
})

/**
 * The variants the revocation experiment covers, as each strategy's registry entry lists them: every
 * token mode, and session and apikey with and without an in-process cache (each TTL given, plus
 * pub/sub invalidation). `compact` (the quick profile) keeps one of each lesson: a token nobody can
 * revoke, a denylist, a server-side session, and a cache that hears nothing.
 */
export function revocationVariants(
  strategies: readonly string[],
  cacheTtlsMs: readonly number[],
  compact = false,
): VariantSpec[] {
  return [...new Set(strategies)].flatMap((strategy) =>
    (strategyEntry(strategy).revocationVariants?.({ cacheTtlsMs, compact }) ?? []).map((flags) =>
      parseVariant(flags ? `${strategy}:${flags}` : strategy),
    ),
  )
}
