/** What the revocation section's charts draw: answers per bin, and the throughput / window trade-off. */
import { hotReadThroughput } from '../results/hot-read.js'
import type { RunResults } from '../results/results-types.js'
import { byRunOrder } from '../results/run-order.js'
import type { RevocationRun } from './revocation-experiment.js'
import type { RevocationSection } from './revocation-section.js'

export interface TimelineBin {
  /** Start of the bin, ms from the revoke call's return. */
  readonly t: number
  readonly accepted: number
  readonly refused: number
}

/** Accepted and refused answers per bin, summed over the replicas. */
export function timelineBins(run: RevocationRun): TimelineBin[] {
  const { bin_ms: binMs, start_ms: startMs, accepted, refused } = run.timeline
  const bins = Math.max(0, ...accepted.map((replica) => replica.length), ...refused.map((replica) => replica.length))
  const sum = (perReplica: readonly (readonly number[])[], bin: number) =>
    perReplica.reduce((total, replica) => total + (replica[bin] ?? 0), 0)
  return Array.from({ length: bins }, (_, bin) => ({
    t: startMs + bin * binMs,
    accepted: sum(accepted, bin),
    refused: sum(refused, bin),
  }))
}

export interface TradeOffPoint {
  readonly variant: string
  /** The worst window over the variant's revocation runs, in ms. */
  readonly windowMs: number
  readonly kind: string
  readonly rps: number
  readonly ratio: number
}

/** One point per revocation variant with a hot-read throughput; `missing` names the others. */
export function tradeOffPoints(
  section: RevocationSection,
  results: RunResults,
): { points: TradeOffPoint[]; missing: string[] } {
  const { runs } = section
  const variants = [...new Set(runs.map((run) => run.variant))]
  const points: TradeOffPoint[] = []
  const missing: string[] = []
  for (const variant of variants) {
    const worst = runs.filter((run) => run.variant === variant).reduce((a, b) => (b.window_ms > a.window_ms ? b : a))
    const throughput = hotReadThroughput(results, variant)
    if (throughput)
      points.push({
        variant,
        windowMs: worst.window_ms,
        kind: worst.kind,
        rps: throughput.rps,
        ratio: throughput.ratio,
      })
    else missing.push(variant)
  }
  return { points: byRunOrder(results, points, (point) => point.variant), missing }
}
