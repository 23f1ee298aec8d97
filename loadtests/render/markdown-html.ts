/**
 * Just enough Markdown to HTML for the text the lab already renders as Markdown (the method
 * paragraph, the revocation table), so the page shows it without a second copy of that code.
 * Headings, paragraphs, `- ` lists, pipe tables, `code` and **bold**; everything escaped first.
 */
import { escapeHtml } from './escape.js'

export const inlineMarkdown = (text: string): string =>
  escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'))

function table(lines: readonly string[]): string {
  const [header = '', , ...rows] = lines
  return (
    `<div class="table-wrap"><table><thead><tr>${cells(header)
      .map((cell) => `<th>${inlineMarkdown(cell)}</th>`)
      .join('')}</tr></thead>` +
    `<tbody>${rows
      .map(
        (row) =>
          `<tr>${cells(row)
            .map((cell) => `<td>${inlineMarkdown(cell)}</td>`)
            .join('')}</tr>`,
      )
      .join('')}</tbody></table></div>`
  )
}

/** Blocks are separated by blank lines, as the lab's renderers write them. */
export function markdownToHtml(markdown: string): string {
  return markdown
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => {
      const lines = block.split('\n')
      const heading = /^(#{1,4}) (.*)$/.exec(block)
      if (heading && lines.length === 1)
        return `<h${heading[1]?.length ?? 2}>${inlineMarkdown(heading[2] ?? '')}</h${heading[1]?.length ?? 2}>`
      if (lines.every((line) => line.startsWith('|'))) return table(lines)
      if (lines.every((line) => line.startsWith('- ')))
        return `<ul>${lines.map((line) => `<li>${inlineMarkdown(line.slice(2))}</li>`).join('')}</ul>`
      return `<p>${inlineMarkdown(block)}</p>`
    })
    .join('\n')
}
