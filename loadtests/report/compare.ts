/**
 * Two runs side by side: per scenario and variant, how throughput, p99 and CPU per request moved.
 *
 * Only what a run can compare with another is judged: ratios to the baseline measured in the same
 * run (and in-process CPU above the baseline's, a paired difference). Absolute req/s, p99 and CPU
 * µs follow the machine's speed from one hour to the next: they are shown, never flagged. A ratio
 * is flagged when it moved by at least the smallest effect worth reporting AND the two runs' 95%
 * intervals do not overlap. A ratio without an interval in either run is never flagged: it had
 * too few rounds to judge (fewer than 6: the realistic read, the login storm, a quick run), or comes
 * from a run made before intervals. Judged by interquartile ranges instead, about a hundred metrics
 * of 2 to 5 rounds each gave some 35 "changes" between two identical runs by chance alone.
 */
import type { ScenarioAggregate, Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { intervalsMeet, spreadOf } from '../results/statistics.js'
import { SMALLEST_EFFECT } from '../results/self-check.js'
import { byRunOrder } from '../results/run-order.js'
import { validSamples } from './report-data.js'

export interface MetricChange {
  readonly metric: string
  readonly old: Spread | null
  readonly new: Spread | null
  /** (new − old) / old of the medians; null when either is missing or old is 0. */
  readonly change: number | null
  readonly flagged: boolean
  /** Whether this metric is judged at all (ratios are; absolute figures are shown only). */
  readonly judged: boolean
  /**
   * Why a metric that is judged was not: a run without its 95% interval, from too few rounds (fewer
   * than 6) or from before runs recorded intervals. Null when judged.
   */
  readonly unjudged: 'too few rounds' | 'no interval' | null
  /** Whether the move is an improvement (more throughput, less latency or CPU); null when unflagged. */
  readonly better: boolean | null
}

export interface ComparisonRow {
  /** `hot-read@32`, or `in-process` for the CPU section. */
  readonly scenario: string
  readonly variant: string
  readonly metrics: readonly MetricChange[]
}

export interface Comparison {
  readonly old: { readonly started_at: string; readonly machine: string }
  readonly new: { readonly started_at: string; readonly machine: string }
  readonly rows: readonly ComparisonRow[]
  /** Scenario/variant pairs measured in only one of the runs. */
  readonly onlyOld: readonly string[]
  readonly onlyNew: readonly string[]
  /** How the two runs differ besides the code under test (profile, commit, machine): each a reason to doubt a change. */
  readonly differences: readonly string[]
}

/** Both runs have a 95% interval and the two do not overlap. */
export const intervalsApart = (a: Spread, b: Spread): boolean =>
  Boolean(a.ci95 && b.ci95 && !intervalsMeet(a.ci95, b.ci95))

const withoutInterval = (old: Spread, next: Spread) =>
  old.ci95 === undefined || next.ci95 === undefined ? 'no interval' : 'too few rounds'

/** The smallest moves worth reporting: 0.05 of a ratio to the baseline, 10 µs of in-process CPU. */
export const SMALLEST_CHANGE = { ratio: SMALLEST_EFFECT, cpuUs: 10 } as const

function change(
  metric: string,
  old: Spread | null,
  next: Spread | null,
  higherIsBetter: boolean,
  /** The smallest effect for a judged metric, in its own unit; undefined: shown, never flagged. */
  smallest?: number,
): MetricChange {
  const ratio = old && next && old.median !== 0 ? (next.median - old.median) / old.median : null
  const judged = smallest !== undefined
  const flagged =
    judged &&
    old !== null &&
    next !== null &&
    Math.abs(next.median - old.median) >= smallest &&
    intervalsApart(old, next)
  return {
    metric,
    old,
    new: next,
    change: ratio,
    flagged,
    judged,
    unjudged: !judged || !old || !next || (old.ci95 && next.ci95) ? null : withoutInterval(old, next),
    better: flagged && ratio !== null ? ratio > 0 === higherIsBetter : null,
  }
}

/** p99 per burst over the valid bursts, summarised by the lab's own spreadOf (its median is the aggregate's p99). */
function p99Spread(results: LabResults, aggregate: ScenarioAggregate, variant: string): Spread | null {
  const section = results.throughput
  return section ? spreadOf(validSamples(section, aggregate, variant).map((sample) => sample.latency_ms.p99)) : null
}

const machine = (results: LabResults) =>
  `${results.environment.cpu_count} × ${results.environment.cpu_model}, Node ${results.environment.node}`

/** A run from before results carried intervals: every ratio in it is shown, none judged. */
const predatesIntervals = (results: LabResults) =>
  results.throughput?.aggregates.every((aggregate) =>
    aggregate.variants.every((entry) => entry.rps_ratio?.ci95 === undefined),
  ) ?? false

/** What differs between the runs besides what is compared: a change may come from any of these. */
export function runDifferences(older: LabResults, newer: LabResults): string[] {
  const differences: string[] = []
  if (older.options.profile !== newer.options.profile)
    differences.push(
      `The runs used different profiles (${older.options.profile} against ${newer.options.profile}): rounds and bursts differ, so do their intervals.`,
    )
  const order = (run: LabResults) => (run.options.read_order === 'blocks' ? 'blocks' : 'rounds through every variant')
  if (order(older) !== order(newer))
    differences.push(
      `The runs ordered their reads differently (${order(older)} against ${order(newer)}): in rounds a server idled while the others ran and read lower for it, the more variants the lower, so ratios move without any change in the code.`,
    )
  const [oldCommit, newCommit] = [older.environment.git_commit, newer.environment.git_commit]
  if (oldCommit !== newCommit)
    differences.push(
      `The runs measured different commits (${oldCommit ?? 'unknown'} against ${newCommit ?? 'unknown'}): a change may be the code's.`,
    )
  const predating = [predatesIntervals(older) && 'old', predatesIntervals(newer) && 'new'].filter(Boolean)
  if (predating.length > 0)
    differences.push(
      `The ${predating.join(' and ')} run${predating.length > 1 ? 's have' : ' has'} no 95% intervals (made before them): ratios are shown, not judged.`,
    )
  if (machine(older) !== machine(newer))
    differences.push(
      'The runs used different machines or Node versions: compare the ratios to baseline, not raw req/s.',
    )
  return differences
}

export function compareResults(older: LabResults, newer: LabResults): Comparison {
  const rows: ComparisonRow[] = []
  const onlyOld: string[] = []
  const onlyNew: string[] = []
  const key = (aggregate: ScenarioAggregate) => `${aggregate.scenario}@${aggregate.connections}`
  const oldAggregates = older.throughput?.aggregates ?? []
  const newAggregates = newer.throughput?.aggregates ?? []
  for (const next of newAggregates) {
    const old = oldAggregates.find((candidate) => key(candidate) === key(next))
    for (const entry of byRunOrder(newer, next.variants, (variant) => variant.variant)) {
      const before = old?.variants.find((candidate) => candidate.variant === entry.variant)
      if (!old || !before) {
        onlyNew.push(`${key(next)} ${entry.variant}`)
        continue
      }
      rows.push({
        scenario: key(next),
        variant: entry.variant,
        metrics: [
          change('ratio to baseline', before.rps_ratio, entry.rps_ratio, true, SMALLEST_CHANGE.ratio),
          change('req/s', before.rps, entry.rps, true),
          change('p99 ms', p99Spread(older, old, entry.variant), p99Spread(newer, next, entry.variant), false),
          change('server CPU µs/req', before.server_cpu_us_per_req, entry.server_cpu_us_per_req, false),
        ],
      })
    }
  }
  for (const old of oldAggregates) {
    const next = newAggregates.find((candidate) => key(candidate) === key(old))
    for (const entry of old.variants)
      if (!next?.variants.some((candidate) => candidate.variant === entry.variant))
        onlyOld.push(`${key(old)} ${entry.variant}`)
  }
  for (const entry of byRunOrder(newer, newer.cpu?.aggregates ?? [], (aggregate) => aggregate.variant)) {
    const before = older.cpu?.aggregates.find((candidate) => candidate.variant === entry.variant)
    if (before)
      rows.push({
        scenario: 'in-process',
        variant: entry.variant,
        metrics: [
          change(
            'CPU µs above baseline',
            before.above_baseline_us,
            entry.above_baseline_us,
            false,
            SMALLEST_CHANGE.cpuUs,
          ),
          change('CPU µs/req', before.cpu_us_per_req, entry.cpu_us_per_req, false),
        ],
      })
  }
  return {
    old: { started_at: older.started_at, machine: machine(older) },
    new: { started_at: newer.started_at, machine: machine(newer) },
    rows,
    onlyOld,
    onlyNew,
    differences: runDifferences(older, newer),
  }
}
