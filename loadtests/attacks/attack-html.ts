/** report.html's attack section: the verdict, the findings, and the matrix (coloured verdicts). */
import { escapeHtml } from '../render/escape.js'
import { htmlDetails, htmlTable, type Table } from '../render/table-model.js'
import { findings as attackFindings } from './attack-matrix.js'
import type { AttackSection } from './attack-section.js'

const VERDICT_TONE = {
  blocked: 'good',
  accepted: 'bad',
  unexpected: 'bad',
  error: 'bad',
  'not-applicable': 'muted',
} as const

/** Attacks down, variants across; each cell is the verdict and the status the server answered. */
export function attackTable(attacks: AttackSection): Table {
  return {
    header: ['attack', 'reference', ...attacks.variants.map((variant) => variant.variant)],
    rows: attacks.catalogue.map((entry) => [
      entry.name,
      entry.reference,
      ...attacks.variants.map((variant) => {
        const result = variant.results[entry.id]
        if (!result) return { text: '–', tone: 'muted' as const }
        const text =
          result.verdict === 'not-applicable' ? 'n/a' : `${result.verdict}${result.status ? ` (${result.status})` : ''}`
        return { text, tone: VERDICT_TONE[result.verdict] }
      }),
    ]),
  }
}

const list = (items: readonly string[]) =>
  items.length ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : ''

/** Coloured verdicts, so an accepted attack stands out on a projector; attack-matrix.ts words the findings. */
export function attackHtml(attacks: AttackSection): string {
  const table = attackTable(attacks)
  const totals = Object.entries(attacks.totals)
    .map(([verdict, count]) => `${count} ${verdict}`)
    .join(', ')
  return (
    `<section id="attacks"><h2>Attacks</h2>` +
    `<p class="${attacks.passed ? 'verdict-good' : 'verdict-bad'}">${attacks.passed ? 'Passed' : 'Failed'}: ${escapeHtml(totals)}.</p>` +
    list(attackFindings(attacks)) +
    htmlDetails(`Table: the attack matrix (${table.rows.length} attacks)`, htmlTable(table, 'matrix')) +
    `</section>`
  )
}
