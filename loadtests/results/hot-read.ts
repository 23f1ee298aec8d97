import type { RunResults } from './results-types.js'

/** Throughput of a variant measured in the same run, when the harness loaded it. */
export interface ThroughputFigure {
  readonly rps: number
  readonly ratio: number
}

/** Hot-read req/s and ratio of a variant in this run (the revocation trade-off puts them side by side). */
export function hotReadThroughput(
  results: Pick<RunResults, 'throughput'>,
  variant: string,
): ThroughputFigure | undefined {
  const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
  const entry = hot?.variants.find((candidate) => candidate.variant === variant)
  return entry?.rps && entry.rps_ratio ? { rps: entry.rps.median, ratio: entry.rps_ratio.median } : undefined
}
