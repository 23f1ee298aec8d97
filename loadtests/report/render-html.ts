/**
 * report.html: one self-contained page rendered from results.json alone. No script, no external
 * resource: inline CSS and inline SVG, so it opens offline, on a projector and on paper.
 * The page is a list of sections (htmlSections): the report's own around each stage's, which come
 * from the list of stages in loadtests/stages.ts, in its order.
 */
import { renderMethod } from './render-summary.js'
import { escapeHtml } from '../render/escape.js'
import { findings } from './findings.js'
import { costSection, sweepSection, throughputSections } from './html-load.js'
import { PAGE_STYLE } from './html-style.js'
import { inlineMarkdown } from '../render/markdown-html.js'
import { methodTable, requirementsTable } from './report-tables.js'
import { requirementRows } from './requirements.js'
import { absentNotes, sectionsOf, valueOf } from './sections.js'
import { colourScale, type ColourOf } from '../render/svg-frame.js'
import { htmlDetails, htmlTable } from '../render/table-model.js'
import type { Stage } from '../runner/stage.js'
import { LAB_STAGES, type LabResults } from '../stages.js'

export interface HtmlSection {
  /** Anchor of the section; also how tests and other branches find it in the list. */
  readonly id: string
  /** The section's HTML, or '' when the run holds nothing for it. */
  render(results: LabResults, colourOf: ColourOf): string
}

const WARNINGS_IN_VIEW = 4

const list = (items: readonly string[], className: string) =>
  `<ul class="${className}">${items.map((item) => `<li>${inlineMarkdown(item)}</li>`).join('')}</ul>`

function header(results: LabResults): string {
  const measured = results.variants.filter((variant) => variant.status === 'measured').length
  return (
    `<header><h1>authlab: ${escapeHtml(results.started_at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</h1>` +
    `<p class="subtitle">${escapeHtml(`${results.options.profile} profile · ${measured} of ${results.variants.length} servers measured · baseline ${results.baseline} · ${results.environment.cpu_count} × ${results.environment.cpu_model} · Node ${results.environment.node}`)}</p></header>`
  )
}

function warnings(results: LabResults): string {
  const failed = results.variants.filter((variant) => variant.status === 'failed')
  const items = [...results.warnings]
  // A failed server is already among the lab's warnings; say it here only if an old run did not.
  for (const variant of failed)
    if (!items.some((warning) => warning.startsWith(variant.id)))
      items.push(`${variant.id} failed: ${variant.failure ?? 'no reason given'}`)
  if (items.length === 0) return ''
  // The first few in view; a bad run's long tail folds away rather than pushing the findings down.
  const [shown, folded] = [items.slice(0, WARNINGS_IN_VIEW), items.slice(WARNINGS_IN_VIEW)]
  return (
    `<aside class="warnings"><h2>Before you quote a number (${items.length} warning${items.length === 1 ? '' : 's'})</h2>${list(shown, '')}` +
    (folded.length ? htmlDetails(`${folded.length} more`, list(folded, '')) : '') +
    `</aside>`
  )
}

function findingsSection(results: LabResults): string {
  const sentences = findings(results)
  return sentences.length ? `<h2 id="findings">Findings</h2>${list(sentences, 'findings')}` : ''
}

function requirementsSection(results: LabResults): string {
  return (
    `<h2 id="requirements">Requirements: who meets them, and the cheapest who does</h2>` +
    htmlTable(requirementsTable(requirementRows(results)), 'requirements') +
    `<p class="note">Cheapest: the highest hot-read requests/s as a ratio to the ${escapeHtml(results.baseline)} baseline in this run, median [interquartile range] over rounds.</p>`
  )
}

function method(results: LabResults): string {
  return (
    `<h2 id="method">Method</h2>${htmlTable(methodTable(results), 'method')}` +
    `<details><summary>How the load was given, in full</summary><p>${inlineMarkdown(renderMethod(results))}</p></details>`
  )
}

const absent =
  (stages: readonly Stage[]) =>
  (results: LabResults): string => {
    const notes = absentNotes(results, stages)
    return notes.length ? `<h2 id="absent">Not in this run</h2>${list(notes, 'absent')}` : ''
  }

/**
 * A section whose heading stays in view and whose tables and charts open on a click: the detail of
 * the cost breakdown and of the store, failover and profile experiments would otherwise make a
 * default run's page too long to read (the browser test holds it to 15,000 px at 1280 px wide).
 */
function folded(render: HtmlSection['render']): HtmlSection['render'] {
  return (results, colourOf) => {
    const html = render(results, colourOf)
    const headingEnd = html.indexOf('</h2>')
    if (!html || headingEnd < 0) return html
    const cut = headingEnd + '</h2>'.length
    return `${html.slice(0, cut)}<details class="folded"><summary>Show the tables and charts</summary>${html.slice(cut)}</details>`
  }
}

/**
 * The sections the report draws itself, not their stage: the load sections, which are read
 * together (the cost with the throughput and the in-process CPU, latency charts across scenarios).
 */
const DRAWN_HERE: Readonly<Record<string, HtmlSection['render']>> = {
  throughput: throughputSections,
  sweep: sweepSection,
  cpu: folded(costSection),
}

/** Each stage's sections that have a part of the page, in the order of the list of stages. */
function stageSections(stages: readonly Stage[]): HtmlSection[] {
  return sectionsOf(stages).flatMap((section): HtmlSection[] => {
    const { key, html } = section
    const own: HtmlSection['render'] | undefined =
      html &&
      ((results, colourOf) => {
        const value = valueOf(results, section)
        return value === undefined ? '' : html(value, results, colourOf)
      })
    const render = DRAWN_HERE[key] ?? own
    if (!render) return []
    return [{ id: key, render: section.folded ? folded(render) : render }]
  })
}

/** The page, top to bottom: what to decide first, then the evidence, then what the run left out. */
export const htmlSections = (stages: readonly Stage[] = LAB_STAGES): readonly HtmlSection[] => [
  { id: 'warnings', render: warnings },
  { id: 'findings', render: findingsSection },
  { id: 'requirements', render: requirementsSection },
  { id: 'method', render: method },
  ...stageSections(stages),
  { id: 'absent', render: absent(stages) },
]

export function renderHtml(results: LabResults, stages: readonly Stage[] = LAB_STAGES): string {
  const ids = [
    ...results.variants.map((variant) => variant.id),
    ...(results.revocation?.runs.map((run) => run.variant) ?? []),
    ...(results.store_latency?.points.map((point) => point.variant) ?? []),
  ]
  const colourOf = colourScale(ids, results.baseline)
  const title = `authlab report ${results.started_at}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${header(results)}
${htmlSections(stages)
  .map((section) => section.render(results, colourOf))
  .filter(Boolean)
  .join('\n')}
</body>
</html>
`
}
