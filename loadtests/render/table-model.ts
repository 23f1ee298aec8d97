/**
 * A table as data, drawn by both renderers: the HTML page and report.md show the same numbers
 * because they print the same cells.
 */
import { escapeHtml } from './escape.js'

export type Tone = 'good' | 'bad' | 'muted'
export type Cell = string | { readonly text: string; readonly tone: Tone }

export interface Table {
  readonly header: readonly string[]
  readonly rows: readonly (readonly Cell[])[]
  /** Columns (by index) holding numbers: right-aligned. */
  readonly numeric?: readonly number[]
}

export const cellText = (cell: Cell) => (typeof cell === 'string' ? cell : cell.text)

/** GitHub-flavoured Markdown; a `|` inside a cell would end it, so it is escaped. */
export function markdownTable({ header, rows, numeric = [] }: Table): string {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`
  const rule = header.map((_, index) => (numeric.includes(index) ? '---:' : '---'))
  return [line(header), `|${rule.join('|')}|`, ...rows.map((row) => line(row.map(cellText)))].join('\n')
}

export function htmlTable({ header, rows, numeric = [] }: Table, className = ''): string {
  const align = (index: number) => (numeric.includes(index) ? ' class="num"' : '')
  const cell = (value: Cell, index: number) =>
    typeof value === 'string'
      ? `<td${align(index)}>${escapeHtml(value)}</td>`
      : `<td class="${value.tone}${numeric.includes(index) ? ' num' : ''}">${escapeHtml(value.text)}</td>`
  return (
    `<div class="table-wrap"><table${className ? ` class="${escapeHtml(className)}"` : ''}>` +
    `<thead><tr>${header.map((title, index) => `<th${align(index)}>${escapeHtml(title)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('')}</tbody></table></div>`
  )
}

/** Numbers a reader looks up rather than reads: folded away (no script needed), open on demand. */
export const htmlDetails = (summary: string, content: string): string =>
  content ? `<details><summary>${escapeHtml(summary)}</summary>${content}</details>` : ''
