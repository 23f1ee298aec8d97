/** A comparison (compare.ts) for the terminal and as Markdown: the same cells, two layouts. */
import type { Comparison, MetricChange } from './compare.js'
import { formatNumber, formatSignedPercent } from '../render/format.js'
import { markdownTable, type Table } from '../render/table-model.js'

const spread = (value: MetricChange['old']) =>
  value ? `${formatNumber(value.median)} [${formatNumber(value.q1)}–${formatNumber(value.q3)}]` : '–'
function verdict(metric: MetricChange): string {
  if (!metric.judged) return '(not judged)'
  if (metric.unjudged) return `${metric.unjudged} to judge`
  if (!metric.flagged) return ''
  return metric.better ? 'better' : 'WORSE'
}

/** `realistic-read@32 (jwt, session)`: per scenario, the variants whose ratio had too few rounds to judge. */
function tooFewRounds(comparison: Comparison): string[] {
  const variants = new Map<string, string[]>()
  for (const row of comparison.rows)
    if (row.metrics.some((metric) => metric.unjudged === 'too few rounds'))
      variants.set(row.scenario, [...(variants.get(row.scenario) ?? []), row.variant])
  return [...variants].map(([scenario, names]) => `${scenario} (${names.join(', ')})`)
}

export function comparisonTable(comparison: Comparison): Table {
  return {
    header: ['scenario', 'variant', 'metric', 'old median [IQR]', 'new median [IQR]', 'change', 'verdict'],
    numeric: [3, 4, 5],
    rows: comparison.rows.flatMap((row) =>
      row.metrics.map((metric) => [
        row.scenario,
        row.variant,
        metric.metric,
        spread(metric.old),
        spread(metric.new),
        metric.change === null ? '–' : formatSignedPercent(metric.change),
        verdict(metric),
      ]),
    ),
  }
}

function preamble(comparison: Comparison): string[] {
  const flagged = comparison.rows.flatMap((row) =>
    row.metrics.filter((metric) => metric.flagged).map((metric) => `${row.variant} ${metric.metric} (${row.scenario})`),
  )
  const judgeable = comparison.rows.some((row) => row.metrics.some((metric) => metric.judged && !metric.unjudged))
  const unjudged = tooFewRounds(comparison)
  return [
    `old: ${comparison.old.started_at} on ${comparison.old.machine}`,
    `new: ${comparison.new.started_at} on ${comparison.new.machine}`,
    ...comparison.differences.map((difference) => `warning: ${difference}`),
    // A slower machine moves everything at once: past a handful, the count and the table say more than a list.
    !judgeable
      ? 'Nothing judged: no ratio to the baseline has a 95% interval in both runs (it takes 6 rounds or more).'
      : flagged.length === 0
        ? "No change: no ratio to the baseline moved by 0.05 or more with the two runs' 95% intervals apart (in-process CPU: 10 µs)."
        : flagged.length <= 6
          ? `${flagged.length} change(s): ${flagged.join('; ')}.`
          : `${flagged.length} changes (marked in the last column).`,
    "Judged: ratios to the baseline (0.05 or more, 95% intervals apart) and in-process CPU above the baseline (10 µs or more). Absolute req/s, p99 and CPU follow the machine's speed: shown, not judged.",
    ...(unjudged.length
      ? [`Too few rounds to judge (no 95% interval below 6 rounds; not counted as changes): ${unjudged.join('; ')}.`]
      : []),
    ...(comparison.onlyOld.length ? [`Only in the old run: ${comparison.onlyOld.join(', ')}.`] : []),
    ...(comparison.onlyNew.length ? [`Only in the new run: ${comparison.onlyNew.join(', ')}.`] : []),
  ]
}

export function renderComparisonMarkdown(comparison: Comparison): string {
  return [
    '# authlab compare',
    '',
    ...preamble(comparison).map((line) => `- ${line}`),
    '',
    markdownTable(comparisonTable(comparison)),
    '',
  ].join('\n')
}

/** Padded columns for a terminal; numbers right-aligned. */
export function renderComparisonText(comparison: Comparison): string {
  const table = comparisonTable(comparison)
  const lines = [
    table.header,
    ...table.rows.map((row) => row.map((cell) => (typeof cell === 'string' ? cell : cell.text))),
  ]
  const widths = table.header.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)))
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        table.numeric?.includes(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [
    ...preamble(comparison),
    '',
    format(table.header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...lines.slice(1).map(format),
    '',
  ].join('\n')
}
