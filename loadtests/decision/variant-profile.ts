/**
 * One variant as a decision sees it: every measured property the guide and the ADR draft quote,
 * read from results.json (through the report's own readers, so all three say the same numbers).
 */
import { formatNumber, formatRatio, formatSeconds } from '../render/format.js'
import { deploymentLifetime, duration } from '../report/lifetimes.js'
import { costRows } from '../report/report-data.js'
import { hotReadRatios, requirementRows } from '../report/requirements.js'
import type { Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import type { RevocationRun } from '../revocation/revocation-experiment.js'

export interface VariantProfile {
  readonly variant: string
  readonly ratio: Spread | undefined
  readonly authUs: number | undefined
  readonly redisCommands: number | undefined
  readonly credentialBytes: number | undefined
  /** The revoke with the longest window, when the revocation stage measured this variant. */
  readonly worstRevoke: RevocationRun | undefined
  readonly meets: readonly string[]
  readonly misses: readonly string[]
}

export function variantProfile(results: LabResults, variant: string): VariantProfile {
  const cost = costRows(results).find((row) => row.variant === variant)
  const runs = (results.revocation?.runs ?? []).filter((run) => run.variant === variant)
  const requirements = requirementRows(results).filter((row) => row.meeting !== undefined)
  return {
    variant,
    ratio: hotReadRatios(results).get(variant),
    authUs: cost?.authPartUs?.median,
    redisCommands: cost?.redisCommands?.median,
    credentialBytes: cost?.credentialBytes || undefined,
    worstRevoke: runs.reduce<RevocationRun | undefined>((a, b) => (a && a.window_ms >= b.window_ms ? a : b), undefined),
    meets: requirements.filter((row) => row.meeting?.includes(variant)).map((row) => row.requirement),
    misses: requirements
      .filter((row) => row.judged.includes(variant) && !row.meeting?.includes(variant))
      .map((row) => row.requirement),
  }
}

/** The variants a run measured, the baseline left out, in the run's order. */
export const measuredVariants = (results: LabResults): string[] =>
  results.variants
    .filter((variant) => variant.status === 'measured' && variant.id !== results.baseline)
    .map((variant) => variant.id)

/** The deployment's window first, the lab's short credential as the method. */
function lifetimeClause(variant: string, windowMs: number): string {
  const lifetime = deploymentLifetime(variant)
  const lab = `${formatSeconds(windowMs)} s in the lab, with its short test credential`
  return lifetime ? `up to ${duration(lifetime)} at the servers' default lifetime (${lab})` : lab
}

/** Short measured facts about one variant, each a clause with its number. */
export function profileFacts(profile: VariantProfile): { revocation?: string; cost: string[] } {
  const run = profile.worstRevoke
  const revocation = run
    ? run.refused_before_expiry
      ? `a revoked credential was refused on every replica within ${formatSeconds(run.window_ms)} s (server said "${run.auth_revocation ?? '–'}")`
      : `a revoked credential kept working until it expired (server said "${run.auth_revocation ?? '–'}"): ${lifetimeClause(profile.variant, run.window_ms)}`
    : undefined
  const cost = [
    profile.ratio ? `${formatRatio(profile.ratio)} the baseline's hot-read requests/s` : undefined,
    profile.authUs !== undefined
      ? `${formatNumber(profile.authUs)} µs of CPU per request for auth (in-process)`
      : undefined,
    profile.redisCommands !== undefined
      ? `${formatNumber(profile.redisCommands)} Redis commands per request`
      : undefined,
    profile.credentialBytes !== undefined ? `a ${profile.credentialBytes}-byte credential on every request` : undefined,
  ].filter((fact): fact is string => fact !== undefined)
  return { ...(revocation && { revocation }), cost }
}
