/**
 * How long a credential that cannot be revoked lives in a deployment, not in the lab (issue 29).
 * The revocation stage issues short test credentials (method.token_ttl_s) so that a window ends
 * within seconds; a deployment's window is the servers' default lifetime: 15 min for an access
 * token, 60 s in refresh mode. Sentences quote the deployment's and name the lab's as the method.
 */
import { isStrategy, strategyEntry } from '../../servers/registry.js'
import { DEFAULT_ACCESS_TTL } from '../../servers/token/token-strategy.js'
import type { LabResults } from '../stages.js'
import { variantFlags } from './requirements.js'

/** Seconds a variant's access token lives by default; undefined for strategies without one (sessions, keys). */
export function deploymentLifetime(variant: string): number | undefined {
  const strategy = variant.split(':', 1)[0] ?? ''
  // Only a token lives until it expires (the registry says which strategies issue one).
  if (!isStrategy(strategy) || !strategyEntry(strategy).livesUntilExpiry) return undefined
  const mode = variantFlags(variant).revocation ?? 'none'
  return mode in DEFAULT_ACCESS_TTL ? DEFAULT_ACCESS_TTL[mode as keyof typeof DEFAULT_ACCESS_TTL] : undefined
}

/** `15 min`, `60 s`. */
export const duration = (seconds: number): string =>
  seconds % 60 === 0 && seconds >= 120
    ? `${seconds / 60} min`
    : seconds >= 120
      ? `${(seconds / 60).toFixed(1)} min`
      : `${seconds} s`

/** `the lab's 5 s test credential`: the method, named wherever a lab window is quoted. */
export const labCredential = (results: LabResults): string => {
  const ttl = results.revocation?.method.token_ttl_s
  return ttl ? `the lab's ${ttl} s test credential` : "the lab's short test credential"
}
