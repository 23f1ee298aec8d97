import { renderAttackMarkdown } from '../attacks/attack-matrix.js'
import { renderBrowserMatrix } from '../browser/browser-matrix.js'
import { renderProfileMarkdown } from '../profile/profile-report.js'
import { renderRefusalMarkdown } from '../refusal/refusal-report.js'
import { renderFailoverMarkdown } from '../failover/failover-table.js'
import { renderStoreMarkdown } from '../store/store-tables.js'
import { renderRevocationTable, type ThroughputFigure } from '../revocation/revocation-table.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { formatInterval, formatNumber, formatSpread } from '../render/format.js'
import type { LabResults, ScenarioAggregate, Spread, VariantAggregate } from '../results/results-types.js'
import { unreliableWarnings } from '../results/warnings.js'

const medianOf = (spread: Spread | null) => formatNumber(spread?.median)
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`

/** Rows in the order the run lists its variants, not in the shuffled order rounds met them. */
const inRunOrder = (results: LabResults, entries: readonly VariantAggregate[]) => {
  const order = (variant: string) => results.variants.findIndex((entry) => entry.id === variant)
  return [...entries].sort((a, b) => order(a.variant) - order(b.variant))
}

function scenarioTable(aggregate: ScenarioAggregate, results: LabResults): string[] {
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

function sweepTable(results: LabResults): string[] {
  const aggregates = results.sweep?.aggregates ?? []
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

function cpuTable(results: LabResults): string[] {
  if (!results.cpu) return []
  return [
    `## CPU per request without the network (in-process, ${results.cpu.scenario})`,
    '',
    row(['variant', 'CPU µs/req', `µs above ${results.baseline} [IQR]`]),
    row(['---', '---', '---']),
    ...results.cpu.aggregates.map((entry) =>
      row([entry.variant, medianOf(entry.cpu_us_per_req), formatSpread(entry.above_baseline_us, 1)]),
    ),
    '',
  ]
}

export function renderMethod(results: LabResults): string {
  const { options, environment } = results
  return (
    `Every server ran in its own process, was checked against the contract before any load, then warmed up for ${options.warmup_s} s (not measured). ` +
    `Load came from ${options.engine === 'wrk' ? 'wrk (one thread; the login storm from autocannon)' : 'autocannon'} in the harness process, one server at a time, in rounds of short bursts (${options.burst_s} s, ${options.connections} connections; ` +
    `${options.rounds} rounds of the hot read, ${options.realistic_rounds} of the realistic read, ${options.login_rounds} of the login storm), the servers in a new random order each round ` +
    `and, in the read scenarios, a \`${results.baseline}\` burst between every two others. ` +
    `Each ratio is a burst's req/s (or CPU, or p99) divided by the mean of the \`${results.baseline}\` bursts on either side of it ` +
    `(in the login storm${options.pre_burst_s === undefined ? ' and the sweep' : ''}: the one \`${results.baseline}\` burst of its round), reported as the median over rounds with its interquartile range, ` +
    `because this machine's speed drifts from one second to the next. ` +
    (options.pre_burst_s
      ? `Right before each measured read burst, the baseline's too, the same server got ${options.pre_burst_s} s of unmeasured load, so no burst was measured on a server that had just idled. `
      : '') +
    (options.hot_read_only_variants.length > 0
      ? options.hot_read_only_rounds !== undefined
        ? `The revocation variants had hot-read rounds of their own (${options.hot_read_only_rounds} rounds of ${options.hot_read_only_burst_s} s bursts, the same interleaving); their servers hashed passwords at a cheap cost, since nobody logs in to them under load. `
        : `The revocation variants (${options.hot_read_only_variants.join(', ')}) took part in the hot-read rounds alongside the others; their servers hashed passwords at a cheap cost, since nobody logs in to them under load. `
      : '') +
    `A burst with any error, timeout or unexpected status is left out. ` +
    `Server CPU comes from /proc/<pid>/stat, Redis CPU and commands from INFO before and after each burst. ` +
    `Latencies are autocannon's percentiles (medians over bursts). CPUs were ${environment.pinned ? `pinned with taskset (servers ${environment.pinning?.server_cpus}, load generator ${environment.pinning?.loadgen_cpus})` : 'not pinned'}. ` +
    `Password hashing: scrypt with log2(N) = ${environment.scrypt_log_n}.`
  )
}

/** Hot-read req/s and ratio of a variant in this run, for the revocation trade-off table. */
export function hotReadThroughput(results: LabResults, variant: string): ThroughputFigure | undefined {
  const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
  const entry = hot?.variants.find((candidate) => candidate.variant === variant)
  return entry?.rps && entry.rps_ratio ? { rps: entry.rps.median, ratio: entry.rps_ratio.median } : undefined
}

/** summary.md: a pure function of results.json, so it can be rendered again from an old run. */
export function renderSummary(results: LabResults): string {
  const { environment } = results
  const failed = results.variants.filter((variant) => variant.status === 'failed')
  const ceiling = results.ceiling
  return [
    `# authlab run ${results.started_at} (${results.options.profile} profile, ${Math.round(results.wall_time_s)} s)`,
    '',
    ...unreliableBanner(results),
    renderMethod(results),
    '',
    ...(results.throughput
      ? [
          '## Throughput',
          '',
          ...results.throughput.aggregates.flatMap((aggregate) => scenarioTable(aggregate, results)),
        ]
      : []),
    // Beside the hot read: the same read, with credentials that must be refused.
    ...(results.refusal ? [renderRefusalMarkdown(results.refusal)] : []),
    ...sweepTable(results),
    ...cpuTable(results),
    ...(results.revocation
      ? [renderRevocationTable(results.revocation, (variant) => hotReadThroughput(results, variant))]
      : []),
    ...(results.attacks ? [renderAttackMarkdown(results.attacks), ''] : []),
    ...(results.browser ? [renderBrowserMatrix(results.browser), ''] : []),
    ...(results.profile ? [renderProfileMarkdown(results.profile)] : []),
    ...(results.failover ? [renderFailoverMarkdown(results.failover)] : []),
    ...renderStoreMarkdown(results),
    ...(ceiling
      ? [
          `## The harness's own ceiling`,
          '',
          `A bare node:http server answered ${medianOf(ceiling.rps)} req/s at ${ceiling.connections} connections: the most this load generator can measure here.`,
          '',
        ]
      : []),
    ...(failed.length
      ? [
          '## Servers that failed verification (not measured)',
          '',
          ...failed.map((variant) => `- ${variant.id}: ${variant.failure}`),
          '',
        ]
      : []),
    '## Environment',
    '',
    `Node ${environment.node}, ${environment.os}, ${environment.cpu_count} × ${environment.cpu_model}, Redis ${environment.redis_version} (${environment.redis_source}), commit ${environment.git_commit ?? 'unknown'}.`,
    '',
    '## Warnings',
    '',
    ...(results.warnings.length ? results.warnings.map((warning) => `- ${warning}`) : ['- none']),
    '',
  ].join('\n')
}

/**
 * What a run that contradicts itself opens with, in every document rendered from it (summary,
 * report, guide, ADR): its self-check warnings, before any number is read. Empty for a sound run.
 */
export function unreliableBanner(results: LabResults): string[] {
  const warnings = unreliableWarnings(results)
  if (warnings.length === 0) return []
  return [
    `> **${warnings.length === 1 ? 'The run contradicts itself' : `The run contradicts itself ${warnings.length} times`}: do not quote its throughput.**`,
    ...warnings.map((warning) => `> - ${warning}`),
    '',
  ]
}
