/**
 * report.md: the page's tables in GitHub-flavoured Markdown, for a pull request or a decision
 * record. The lab's summary (render-summary.ts, with the revocation and attack tables) is reused as
 * is; this adds what the summary lacks: the findings, the method at a glance, latency percentiles,
 * the cost breakdown, and a note for every section the run did not collect.
 */
import { profileChart } from '../profile/profile-report.js'
import { renderSummary } from '../results/render-summary.js'
import { findings } from './findings.js'
import { costRows, costScenario, throughputRows } from './report-data.js'
import { costTable, latencyTable, methodTable } from './report-tables.js'
import { absentNotes } from './sections.js'
import { markdownTable } from './table-model.js'
import type { LabResults } from '../results/results-types.js'

function latencySection(results: LabResults): string[] {
  const section = results.throughput
  if (!section) return []
  return [
    '## Latency percentiles (ms, median over bursts)',
    '',
    ...section.aggregates.flatMap((aggregate) => [
      `### ${aggregate.scenario}, ${aggregate.connections} connections`,
      '',
      markdownTable(latencyTable(throughputRows(results, section, aggregate))),
      '',
    ]),
  ]
}

function costSection(results: LabResults): string[] {
  const rows = costRows(results)
  if (rows.length === 0) return []
  return ['## Cost per request', '', markdownTable(costTable(rows, costScenario(results)?.scenario ?? 'hot-read')), '']
}

export function renderMarkdown(results: LabResults): string {
  // The summary opens with its one title line; the findings go right under it.
  const [title = '', ...summary] = renderSummary(results).split('\n')
  const absent = absentNotes(results)
  return [
    title,
    '',
    '## What this run says',
    '',
    ...findings(results).map((sentence) => `- ${sentence}`),
    '',
    '## Method at a glance',
    '',
    markdownTable(methodTable(results)),
    ...summary,
    ...latencySection(results),
    ...costSection(results),
    // Inline SVG: Markdown viewers that allow HTML (VS Code, most static site generators) draw it.
    ...(results.profile ? ['## Where the CPU goes: chart', '', profileChart(results.profile), ''] : []),
    ...(absent.length ? ['## Not in this run', '', ...absent.map((note) => `- ${note}`), ''] : []),
  ].join('\n')
}
