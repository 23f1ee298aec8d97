/**
 * report.md: the page's tables in GitHub-flavoured Markdown, for a pull request or a decision
 * record. The lab's summary (render-summary.ts, with the revocation and attack tables) is reused as
 * is; this adds what the summary lacks: the findings, the requirements table, the method at a glance,
 * latency percentiles, the cost breakdown, and a note for every section the run did not collect.
 * Like the page, it is a list of sections (markdownSections); a stage's own sections come with the
 * summary, from the list of stages in loadtests/stages.ts.
 */
import { profileChart } from '../profile/profile-report.js'
import { renderSummary, unreliableBanner } from './render-summary.js'
import { findings } from './findings.js'
import { costRows, costScenario, throughputRows } from './report-data.js'
import { costTable, latencyTable, methodTable, requirementsTable } from './report-tables.js'
import { requirementRows } from './requirements.js'
import { absentNotes } from './sections.js'
import { markdownTable } from '../render/table-model.js'
import type { Stage } from '../runner/stage.js'
import { LAB_STAGES, type LabResults } from '../stages.js'

export interface MarkdownSection {
  readonly id: string
  /** Lines of the section, or none when the run holds nothing for it. */
  render(results: LabResults): string[]
}

function findingsSection(results: LabResults): string[] {
  const sentences = findings(results)
  return sentences.length ? ['## Findings', '', ...sentences.map((sentence) => `- ${sentence}`), ''] : []
}

function requirementsSection(results: LabResults): string[] {
  return [
    '## Requirements: who meets them, and the cheapest who does',
    '',
    markdownTable(requirementsTable(requirementRows(results))),
    '',
  ]
}

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

/** The summary without its title line (the title opens the file) and its banner (the first section). */
const summaryBody =
  (stages: readonly Stage[]) =>
  (results: LabResults): string[] => {
    const [, blank = '', ...rest] = renderSummary(results, stages).split('\n')
    return [blank, ...rest.slice(unreliableBanner(results).length)]
  }

const absentSection =
  (stages: readonly Stage[]) =>
  (results: LabResults): string[] => {
    const notes = absentNotes(results, stages)
    return notes.length ? ['## Not in this run', '', ...notes.map((note) => `- ${note}`), ''] : []
  }

/** report.md, top to bottom; the stages' sections come with the summary, in the list's order. */
export const markdownSections = (stages: readonly Stage[] = LAB_STAGES): readonly MarkdownSection[] => [
  { id: 'unreliable', render: unreliableBanner },
  { id: 'findings', render: findingsSection },
  { id: 'requirements', render: requirementsSection },
  { id: 'method', render: (results) => ['## Method at a glance', '', markdownTable(methodTable(results))] },
  { id: 'summary', render: summaryBody(stages) },
  { id: 'latency', render: latencySection },
  { id: 'cost', render: costSection },
  // Inline SVG: Markdown viewers that allow HTML (VS Code, most static site generators) draw it.
  {
    id: 'profile',
    render: (results) =>
      results.profile ? ['## Where the CPU goes: chart', '', profileChart(results.profile), ''] : [],
  },
  { id: 'absent', render: absentSection(stages) },
]

export function renderMarkdown(results: LabResults, stages: readonly Stage[] = LAB_STAGES): string {
  const [title = ''] = renderSummary(results, stages).split('\n')
  return [title, '', ...markdownSections(stages).flatMap((section) => section.render(results))].join('\n')
}
