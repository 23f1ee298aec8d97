/**
 * Two runs side by side: per scenario and variant, how throughput, p99 and CPU per request moved.
 * A change is flagged only when the two interquartile ranges do not overlap: a move smaller than
 * the runs' own spread is noise on this kind of machine, not a finding.
 */
import type { LabResults, ScenarioAggregate, Spread } from '../results/results-types.js'
import { spreadOf } from '../results/statistics.js'
import { byRunOrder, validSamples } from './report-data.js'

export interface MetricChange {
  readonly metric: string
  readonly old: Spread | null
  readonly new: Spread | null
  /** (new − old) / old of the medians; null when either is missing or old is 0. */
  readonly change: number | null
  readonly flagged: boolean
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
}

export const iqrsApart = (a: Spread, b: Spread): boolean => b.q1 > a.q3 || b.q3 < a.q1

function change(metric: string, old: Spread | null, next: Spread | null, higherIsBetter: boolean): MetricChange {
  const ratio = old && next && old.median !== 0 ? (next.median - old.median) / old.median : null
  const flagged = old !== null && next !== null && iqrsApart(old, next)
  return {
    metric,
    old,
    new: next,
    change: ratio,
    flagged,
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
          change('req/s', before.rps, entry.rps, true),
          change('ratio to baseline', before.rps_ratio, entry.rps_ratio, true),
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
        metrics: [change('CPU µs/req', before.cpu_us_per_req, entry.cpu_us_per_req, false)],
      })
  }
  return {
    old: { started_at: older.started_at, machine: machine(older) },
    new: { started_at: newer.started_at, machine: machine(newer) },
    rows,
    onlyOld,
    onlyNew,
  }
}
