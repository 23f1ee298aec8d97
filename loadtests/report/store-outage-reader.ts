/**
 * Reads the `store_outage` section (issue 13: Redis killed or stalled under paced load) when a run
 * has one, and says nothing when it has not. It reads only the fields the issue names
 * (`variant`, `served_during_outage`, `refused_during_outage`, `hung`), wherever the section keeps
 * its list of measurements, so the report works with runs from before and after that stage.
 */
import type { LabResults } from '../stages.js'

export interface OutageVerdict {
  readonly variant: string
  /** 2xx answers while the store was down, summed over the failure modes measured. */
  readonly served: number
  readonly refused: number
  readonly hung: number
  /** Failure modes (kill, stall, ...) measured for this variant. */
  readonly modes: number
  /** Every mode measured kept serving, and nothing hung. */
  readonly survives: boolean
}

interface OutageEntry {
  readonly variant: string
  readonly served_during_outage: number
  readonly refused_during_outage?: number
  readonly hung?: number
  /** A variant told to serve without its store check (INSECURE): it "survives" by letting revoked tokens in. */
  readonly insecure_fail_open?: boolean
}

const isEntry = (value: unknown): value is OutageEntry =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as OutageEntry).variant === 'string' &&
  typeof (value as OutageEntry).served_during_outage === 'number'

/** The measurement list: the section itself, or its first array field holding measurements. */
function entriesOf(section: unknown): OutageEntry[] {
  if (Array.isArray(section)) return section.filter(isEntry)
  if (typeof section !== 'object' || section === null) return []
  return Object.values(section).flatMap((value) => (Array.isArray(value) ? value.filter(isEntry) : []))
}

/** One verdict per variant, or undefined when the run holds no store-outage measurements. */
export function storeOutageVerdicts(results: LabResults): OutageVerdict[] | undefined {
  const entries = entriesOf((results as { store_outage?: unknown }).store_outage).filter(
    (entry) => entry.insecure_fail_open !== true,
  )
  if (entries.length === 0) return undefined
  const variants = [...new Set(entries.map((entry) => entry.variant))]
  return variants.map((variant) => {
    const mine = entries.filter((entry) => entry.variant === variant)
    const sum = (pick: (entry: OutageEntry) => number | undefined) =>
      mine.reduce((total, entry) => total + (pick(entry) ?? 0), 0)
    return {
      variant,
      served: sum((entry) => entry.served_during_outage),
      refused: sum((entry) => entry.refused_during_outage),
      hung: sum((entry) => entry.hung),
      modes: mine.length,
      survives: mine.every((entry) => entry.served_during_outage > 0 && (entry.hung ?? 0) === 0),
    }
  })
}
