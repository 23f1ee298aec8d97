import type { Stage } from '../runner/stage.js'
import { LAB_STAGES, type LabResults } from '../stages.js'
import { sectionsIn } from './sections.js'
import { unreliableWarnings } from '../results/warnings.js'
import { hashCost } from '../results/environment.js'
import { serversSentence } from './targets-method.js'

export function renderMethod(results: LabResults): string {
  const { options, environment } = results
  return (
    `Every server ran in its own process, was checked against the contract before any load, then warmed up for ${options.warmup_s} s (not measured). ` +
    `Load came from ${options.engine === 'wrk' ? 'wrk (one thread; the login storm from autocannon)' : 'autocannon'} in the harness process, one server at a time, in rounds of short bursts (${options.burst_s} s, ${options.connections} connections; ` +
    `${options.rounds} rounds of the hot read, ${options.realistic_rounds} of the realistic read, ${options.login_rounds} of the login storm), ` +
    (options.read_order === 'blocks'
      ? `the reads in blocks: each block one variant, or the variants the self-check compares with each other (twins of identical work, a store and its caches), their servers warmed for ${options.warmup_s} s, then their rounds with a \`${results.baseline}\` burst between every two; every block visited twice, half its rounds each time, the second visits in the reverse order of the first, so that no server was measured after idling through the others' bursts and a drift through the stage weighs alike on every variant; the login storm in rounds through every server in a new random order each round. `
      : `the servers in a new random order each round and, in the read scenarios, a \`${results.baseline}\` burst between every two others. `) +
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
    serversSentence(environment) +
    `Latencies are autocannon's percentiles (medians over bursts). CPUs were ${environment.pinned ? `pinned with taskset (servers ${environment.pinning?.server_cpus}, load generator ${environment.pinning?.loadgen_cpus})` : 'not pinned'}. ` +
    `Password hashing: ${environment.scrypt_log_n === undefined ? hashCost(environment) : `scrypt with log2(N) = ${environment.scrypt_log_n}`}.`
  )
}

/** summary.md: a pure function of results.json, so it can be rendered again from an old run. */
export function renderSummary(results: LabResults, stages: readonly Stage[] = LAB_STAGES): string {
  const { environment } = results
  const failed = results.variants.filter((variant) => variant.status === 'failed')
  return [
    `# authlab run ${results.started_at} (${results.options.profile} profile, ${Math.round(results.wall_time_s)} s)`,
    '',
    ...unreliableBanner(results),
    renderMethod(results),
    '',
    // Each stage's sections, in the order of the list of stages.
    ...sectionsIn(results, stages).flatMap(({ section, value }) => section.markdown(value, results)),
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
    `${environment.targets ? 'Load generator (the servers were targets, see the method): ' : ''}Node ${environment.node}, ${environment.os}, ${environment.cpu_count} × ${environment.cpu_model}, Redis ${environment.redis_version} (${environment.redis_source}), commit ${environment.git_commit ?? 'unknown'}.`,
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
