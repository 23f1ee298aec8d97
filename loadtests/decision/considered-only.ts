/**
 * A run narrowed to the options an ADR considers (issue 29): the baseline and those variants, in
 * every section the findings and requirements read. An ADR about jwt and session then draws its
 * findings, its drivers and "smallest credential" from jwt and session alone, and names the other
 * variants only on its "not considered" line.
 */
import type { AttackSection } from '../attacks/attack-section.js'
import type { VerdictKind } from '../attacks/run-attacks.js'
import type { BurstSection } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { UNRELIABLE } from '../results/self-check.js'

const narrowBursts = (section: BurstSection | undefined, keep: (variant: string) => boolean) =>
  section && {
    samples: section.samples.filter((sample) => keep(sample.variant)),
    aggregates: section.aggregates.map((aggregate) => ({
      ...aggregate,
      variants: aggregate.variants.filter((entry) => keep(entry.variant)),
    })),
  }

function narrowAttacks(section: AttackSection | undefined, keep: (variant: string) => boolean) {
  if (!section) return undefined
  const variants = section.variants.filter((variant) => keep(variant.variant))
  const totals: Record<VerdictKind, number> = { blocked: 0, accepted: 0, unexpected: 0, error: 0, 'not-applicable': 0 }
  for (const variant of variants) for (const result of Object.values(variant.results)) totals[result.verdict] += 1
  const passed = totals.accepted + totals.unexpected === 0 && variants.every((variant) => !variant.failure)
  return { ...section, variants, totals, passed }
}

/** Lists of measurements in a section whose entries name a variant: only the kept ones. */
function narrowEntries<T>(section: T, keep: (variant: string) => boolean): T {
  if (typeof section !== 'object' || section === null) return section
  return Object.fromEntries(
    Object.entries(section).map(([key, value]) => [
      key,
      Array.isArray(value)
        ? value.filter((entry: { variant?: unknown }) => typeof entry?.variant !== 'string' || keep(entry.variant))
        : value,
    ]),
  ) as T
}

/** The variant ids a warning names, as whole words (`jwt` is not named by `jwt:revocation=refresh`). */
const named = (warning: string, variants: readonly string[]): string[] => {
  const words = new Set(warning.split(/[\s,;()"']+/).map((word) => word.replace(/[.:]+$/, '').replace(/'s$/, '')))
  return variants.filter((variant) => words.has(variant))
}

/**
 * The warnings about the options (and about the run as a whole). A self-check warning about a
 * variant not considered still says the machine misled the run, so it stays, as a count.
 */
function narrowWarnings(results: LabResults, others: readonly string[]): string[] {
  const kept = results.warnings.filter((warning) => named(warning, others).length === 0)
  const dropped = results.warnings.filter((warning) => warning.startsWith(UNRELIABLE) && named(warning, others).length)
  return dropped.length
    ? [
        `${UNRELIABLE} ${dropped.length} self-check warning${dropped.length === 1 ? '' : 's'} about variants not considered here (in the run's own warnings): the machine misled that run, so quote none of its throughput.`,
        ...kept,
      ]
    : kept
}

/** Every variant the run holds a number for. */
export function runVariants(results: LabResults): string[] {
  return [
    ...new Set([
      ...results.variants.map((variant) => variant.id),
      ...(results.revocation?.runs.map((run) => run.variant) ?? []),
      ...(results.throughput?.aggregates.flatMap((aggregate) => aggregate.variants.map((entry) => entry.variant)) ??
        []),
    ]),
  ].filter((variant) => variant !== results.baseline)
}

export function consideredOnly(results: LabResults, options: readonly string[]): LabResults {
  const keep = (variant: string) => variant === results.baseline || options.includes(variant)
  const others = runVariants(results).filter((variant) => !keep(variant))
  const throughput = narrowBursts(results.throughput, keep)
  const sweep = narrowBursts(results.sweep, keep)
  const attacks = narrowAttacks(results.attacks, keep)
  return {
    ...results,
    variants: results.variants.filter((variant) => keep(variant.id)),
    ...(throughput && { throughput }),
    ...(sweep && { sweep }),
    ...(results.cpu && {
      cpu: {
        ...results.cpu,
        samples: results.cpu.samples.filter((sample) => keep(sample.variant)),
        aggregates: results.cpu.aggregates.filter((entry) => keep(entry.variant)),
      },
    }),
    ...(results.ceiling && {
      ceiling: { ...results.ceiling, near_ceiling: results.ceiling.near_ceiling.filter(keep) },
    }),
    ...(results.revocation && {
      revocation: { ...results.revocation, runs: results.revocation.runs.filter((run) => keep(run.variant)) },
    }),
    ...(attacks && { attacks }),
    ...(results.store_outage && { store_outage: narrowEntries(results.store_outage, keep) }),
    warnings: narrowWarnings(results, others),
  }
}
