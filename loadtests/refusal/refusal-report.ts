import { escapeHtml } from '../render/escape.js'
import { formatInterval, formatNumber } from '../render/format.js'
import { inlineMarkdown } from '../render/markdown-html.js'
import { htmlTable, markdownTable, type Cell, type Table } from '../render/table-model.js'
import type { RefusalRow, RefusalSection } from './refusal-section.js'
import { anyoneCanMake } from './refusal-targets.js'

const TITLE = 'Refusing a credential: the hot read with credentials that must get a 401'

/** `401`, or every status seen when there were others (then the burst was left out). */
const statusText = (row: RefusalRow) => {
  const seen = Object.entries(row.statuses).filter(([, count]) => count > 0)
  if (seen.length === 1 && seen[0]?.[0] === `${row.expected_status}`) return `${row.expected_status}`
  return seen.map(([status, count]) => `${count} × ${status}`).join(', ') || 'none'
}

/**
 * Marks what the table is for: a refused kind that costs a store command, and whether anyone can
 * send it (garbage reaching Redis) or only who holds the secret or a credential once issued.
 */
function storeCell(row: RefusalRow): Cell {
  if (row.reaches_store === null) return 'no Redis'
  if (!row.reaches_store) return 'no'
  if (row.kind === 'valid') return 'yes (the read)'
  return anyoneCanMake(row.kind)
    ? { text: 'YES: garbage reaches Redis', tone: 'bad' }
    : 'yes, made only with the secret or a credential once issued'
}

export function refusalTable(section: RefusalSection): Table {
  return {
    header: [
      'variant',
      'credential',
      `ratio to ${section.baseline}`,
      '95% interval',
      'server CPU µs/req',
      'Redis cmds/req',
      'status',
      'store command',
    ],
    numeric: [2, 3, 4, 5],
    rows: section.rows.map((row) => [
      row.variant,
      row.kind,
      formatNumber(row.rps_ratio?.median),
      formatInterval(row.rps_ratio),
      formatNumber(row.server_cpu_us_per_req?.median),
      formatNumber(row.redis_commands_per_req?.median),
      Object.keys(row.statuses).every((status) => status === `${row.expected_status}`)
        ? statusText(row)
        : { text: statusText(row), tone: 'bad' },
      storeCell(row),
    ]),
  }
}

const noiseNote = (section: RefusalSection) =>
  section.noise_floor
    ? `Noise floor (the ${section.baseline} bursts over their neighbours): ${section.noise_floor.median.toFixed(2)} [${section.noise_floor.q1.toFixed(2)}–${section.noise_floor.q3.toFixed(2)}].`
    : ''

export function renderRefusalMarkdown(section: RefusalSection): string {
  return [
    `## ${TITLE}`,
    '',
    markdownTable(refusalTable(section)),
    '',
    `${section.method} ${noiseNote(section)}`,
    '',
  ].join('\n')
}

export function renderRefusalHtml(section: RefusalSection): string {
  return (
    `<h2 id="refusal">${escapeHtml(TITLE)}</h2>` +
    htmlTable(refusalTable(section), 'refusal') +
    `<p class="note">${inlineMarkdown(`${section.method} ${noiseNote(section)}`)}</p>`
  )
}
