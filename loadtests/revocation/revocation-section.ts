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
})

/**
 * The variants the revocation experiment covers by default: every token mode, and session and
 * apikey with and without an in-process cache (each TTL given, plus pub/sub invalidation).
 * `compact` (the quick profile) keeps one of each lesson: a token nobody can revoke, a denylist, a
 * server-side session, and a cache that hears nothing.
 */
export function revocationVariants(
  strategies: readonly string[],
  cacheTtlsMs: readonly number[],
  compact = false,
): VariantSpec[] {
  if (compact) {
    const lessons = [
      'jwt',
      'jwt:revocation=denylist',
      'session',
      ...cacheTtlsMs.slice(0, 1).map((ttl) => `session:cache-ttl=${ttl}`),
      'apikey',
      'paseto',
    ]
    return lessons.filter((text) => strategies.includes(text.split(':')[0] ?? '')).map((text) => parseVariant(text))
  }
  const specs: string[] = []
  const cached = (base: string, separator: string) => [
    ...cacheTtlsMs.map((ttl) => `${base}${separator}cache-ttl=${ttl}`),
    ...cacheTtlsMs.slice(0, 1).map((ttl) => `${base}${separator}cache-ttl=${ttl},invalidation=pubsub`),
  ]
  for (const strategy of strategies) {
    if (strategy === 'jwt' || strategy === 'paseto') {
      specs.push(strategy, `${strategy}:revocation=denylist`, `${strategy}:revocation=refresh`)
      if (strategy === 'jwt') specs.push(...cached('jwt:revocation=denylist', ','))
    } else if (strategy === 'session' || strategy === 'apikey') {
      specs.push(strategy, ...cached(strategy, ':'))
    }
  }
  return specs.map((text) => parseVariant(text))
}
