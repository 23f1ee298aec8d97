/**
 * What a run leaves on the terminal: its conclusions in plain text that fits 80 columns (issue 31).
 * The wide Markdown tables stay in summary.md and report.md (`--verbose` prints them too); the
 * screen gets the warnings (the self-check's first: they say whether any number may be quoted), the
 * findings, the requirements as a list, and where the files are.
 */
import { unreliableWarnings } from '../results/warnings.js'
import type { LabResults } from '../stages.js'
import { findings } from './findings.js'
import { cheapestText, requirementRows } from './requirements.js'

export const SCREEN_COLUMNS = 80

/**
 * `text` broken at spaces into lines of at most `width` columns, the first line starting with
 * `first` and the rest with `rest` (a word longer than a line, such as a path, stands alone).
 */
export function wrap(text: string, first = '', rest = first, width = SCREEN_COLUMNS): string[] {
  const lines: string[] = []
  let line = first
  let empty = true
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line)
      line = rest
      empty = true
    }
    line += empty ? word : ` ${word}`
    empty = false
  }
  if (!empty) lines.push(line)
  return lines
}

const bullets = (items: readonly string[]) => items.flatMap((item) => wrap(item, '- ', '  '))

export interface ConclusionFiles {
  /** The run's results directory (results.json, summary.md). */
  readonly directory: string
  /** The `latest` link next to it, when the run made one. */
  readonly latest?: string
  readonly report: { readonly html: string; readonly md: string }
}

function warningLines(results: LabResults): string[] {
  const unreliable = unreliableWarnings(results)
  const others = results.warnings.filter((warning) => !unreliable.includes(warning))
  if (unreliable.length + others.length === 0) return []
  return [
    ...(unreliable.length ? ['Warnings (the run contradicts itself: do not quote its throughput)'] : ['Warnings']),
    ...bullets([...unreliable, ...others]),
    '',
  ]
}

function requirementLines(results: LabResults): string[] {
  const rows = requirementRows(results)
  return [
    'Requirements: who meets them, and the cheapest (hot-read ratio to baseline)',
    ...rows.flatMap((row) => [
      `- ${row.requirement}`,
      ...wrap(
        row.meeting === undefined
          ? 'not measured in this run'
          : row.meeting.length
            ? row.meeting.join(', ')
            : 'none of the measured variants',
        '    met by: ',
        '      ',
      ),
      ...(row.meeting?.length ? wrap(cheapestText(row), '    cheapest: ', '      ') : []),
    ]),
    '',
  ]
}

/** The run's last screen: warnings, findings, requirements, files. Every line fits 80 columns but a lone long path. */
export function renderConclusions(results: LabResults, files: ConclusionFiles): string {
  const sentences = findings(results)
  return [
    ...wrap(
      `authlab ${results.options.profile} run, ${results.started_at}, ${Math.round(results.wall_time_s)} s wall time`,
    ),
    '',
    ...warningLines(results),
    ...(sentences.length ? ['Findings', ...bullets(sentences), ''] : []),
    ...requirementLines(results),
    'Files (the full tables are there; --verbose prints them here too)',
    ...wrap(`${files.directory}/results.json and summary.md`, '- ', '  '),
    ...(files.latest ? wrap(`also ${files.latest}`, '  ', '  ') : []),
    ...wrap(`report: ${files.report.html} (opens offline)`, '- ', '  '),
    ...wrap(`and ${files.report.md}`, '  ', '  '),
  ].join('\n')
}
