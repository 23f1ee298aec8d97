/**
 * report.html: one self-contained page rendered from results.json alone. No script, no external
 * resource: inline CSS and inline SVG, so it opens offline, on a projector and on paper.
 */
import { renderProfileHtml } from '../profile/profile-report.js'
import { renderMethod } from '../results/render-summary.js'
import { escapeHtml } from './escape.js'
import { findings } from './findings.js'
import { costSection, sweepSection, throughputSections } from './html-load.js'
import { attackSection, revocationSection } from './html-revocation.js'
import { PAGE_STYLE } from './html-style.js'
import { inlineMarkdown } from './markdown-html.js'
import { methodTable } from './report-tables.js'
import { absentNotes } from './sections.js'
import { colourScale } from './svg-frame.js'
import { htmlTable } from './table-model.js'
import type { LabResults } from '../results/results-types.js'

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
  return `<aside class="warnings"><h2>Before you quote a number (${items.length} warning${items.length === 1 ? '' : 's'})</h2>${list(items, '')}</aside>`
}

function method(results: LabResults): string {
  return `<h2 id="method">Method</h2>${htmlTable(methodTable(results), 'method')}<p>${inlineMarkdown(renderMethod(results))}</p>`
}

export function renderHtml(results: LabResults): string {
  const ids = [
    ...results.variants.map((variant) => variant.id),
    ...(results.revocation?.runs.map((run) => run.variant) ?? []),
  ]
  const colourOf = colourScale(ids, results.baseline)
  const absent = absentNotes(results)
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
${warnings(results)}
<h2 id="findings">What this run says</h2>
${list(findings(results), 'findings')}
${method(results)}
${throughputSections(results, colourOf)}
${costSection(results, colourOf)}
${results.profile ? renderProfileHtml(results.profile) : ''}
${sweepSection(results, colourOf)}
${revocationSection(results, colourOf)}
${attackSection(results)}
${absent.length ? `<h2 id="absent">Not in this run</h2>${list(absent, 'absent')}` : ''}
</body>
</html>
`
}
