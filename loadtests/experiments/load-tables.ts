/** The load sections in summary.md: throughput per scenario, the sweep, in-process CPU, the ceiling. */
import { formatInterval, formatNumber, formatSpread } from '../render/format.js'
import type {
  BurstSection,
  CeilingSection,
  CpuSection,
  RunResults,
  ScenarioAggregate,
  Spread,
  VariantAggregate,
} from '../results/results-types.js'
import { SCENARIOS } from '../scenarios/scenarios.js'

const medianOf = (spread: Spread | null) => formatNumber(spread?.median)
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`

/** Rows in the order the run lists its variants, not in the shuffled order rounds met them. */
const inRunOrder = (results: RunResults, entries: readonly VariantAggregate[]) => {
  const order = (variant: string) => results.variants.findIndex((entry) => entry.id === variant)
  return [...entries].sort((a, b) => order(a.variant) - order(b.variant))
}

function scenarioTable(aggregate: ScenarioAggregate, results: RunResults): string[] {
  const description = SCENARIOS[aggregate.scenario as keyof typeof SCENARIOS]?.description ?? aggregate.scenario
  const header = [
    'variant',
    'req/s ratio to baseline [IQR]',
    '95% interval',
    'req/s',
    'latency p50 / p99 ms',
    'server CPU µs/req',
    'CPU ratio',
    'Redis cmds/req',
    'Redis CPU µs/req',
    'credential bytes',
    'valid bursts',
  ]
  const line = (entry: VariantAggregate) =>
    row([
      entry.variant,
      formatSpread(entry.rps_ratio),
      formatInterval(entry.rps_ratio),
      medianOf(entry.rps),
      entry.latency_ms ? `${formatNumber(entry.latency_ms.p50)} / ${formatNumber(entry.latency_ms.p99)}` : '–',
      medianOf(entry.server_cpu_us_per_req),
      formatSpread(entry.server_cpu_ratio),
      medianOf(entry.redis_commands_per_req),
      medianOf(entry.redis_cpu_us_per_req),
      String(entry.credential_bytes),
      `${entry.valid_bursts}/${entry.valid_bursts + entry.invalid_bursts}`,
    ])
  return [
    `### ${aggregate.scenario}, ${aggregate.connections} connections`,
    '',
    description,
    '',
    row(header),
    row(header.map(() => '---')),
    ...inRunOrder(results, aggregate.variants).map(line),
    '',
    ...(aggregate.noise_floor ? [noiseFloorSentence(aggregate.noise_floor, results.baseline), ''] : []),
  ]
}

/** The A/A test next to the table, so nobody ranks two variants the machine cannot tell apart. */
export function noiseFloorSentence(floor: Spread, baseline: string): string {
  return (
    `Noise floor: ${baseline} against its own neighbouring bursts gave ${formatSpread(floor)} over ${floor.n} bursts. ` +
    `Nothing differs between those bursts but the machine, so a ratio's interquartile range cannot be expected to be narrower than this, ` +
    `and two variants whose ratios are closer than it are not told apart by this run.`
  )
}

/** The sweep: each variant's ratio at every connection count. */
export function sweepMarkdown(section: BurstSection, results: RunResults): string[] {
  const aggregates = section.aggregates
  if (aggregates.length === 0) return []
  const variants = results.variants
    .map((variant) => variant.id)
    .filter((id) => aggregates.some((entry) => entry.variants.some((variant) => variant.variant === id)))
  const header = ['variant', ...aggregates.map((entry) => `${entry.connections} conn.`)]
  const cell = (aggregate: ScenarioAggregate, variant: string) => {
    const found = aggregate.variants.find((entry) => entry.variant === variant)
    return found ? `${formatSpread(found.rps_ratio)} (${medianOf(found.rps)}/s)` : '–'
  }
  return [
    '## Concurrency sweep (hot read): req/s ratio to baseline [IQR] (median req/s)',
    '',
    row(header),
    row(header.map(() => '---')),
    ...variants.map((variant) => row([variant, ...aggregates.map((aggregate) => cell(aggregate, variant))])),
    '',
  ]
}

export function cpuMarkdown(section: CpuSection, results: RunResults): string[] {
  return [
    `## CPU per request without the network (in-process, ${section.scenario})`,
    '',
    row(['variant', 'CPU µs/req', `µs above ${results.baseline} [IQR]`]),
    row(['---', '---', '---']),
    ...section.aggregates.map((entry) =>
      row([entry.variant, medianOf(entry.cpu_us_per_req), formatSpread(entry.above_baseline_us, 1)]),
    ),
    '',
  ]
}

export const throughputMarkdown = (section: BurstSection, results: RunResults): string[] => [
  '## Throughput',
  '',
  ...section.aggregates.flatMap((aggregate) => scenarioTable(aggregate, results)),
]

export const ceilingMarkdown = (section: CeilingSection): string[] => [
  `## The harness's own ceiling`,
  '',
  `A bare node:http server answered ${medianOf(section.rps)} req/s at ${section.connections} connections: the most this load generator can measure here.`,
  '',
]
