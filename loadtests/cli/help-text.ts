/**
 * Help texts laid out for an 80-column terminal (issue 31: every command's help was wider, serve's up
 * to 195). The commands write their usage as prose and option rows; this reflows it, so that a
 * longer default or a new option never needs the columns counted by hand:
 * - an option row (`  --flag ARG   what it does`) keeps its label, and its description (with the
 *   indented lines under it) is wrapped at the description's column;
 * - prose lines are joined into paragraphs and wrapped; a paragraph ends at a blank line, at a
 *   heading (`Options:`), or where a sentence ends and the next line starts with a capital;
 * - any other indented line is wrapped at its own indent.
 */
import { wrap } from '../report/conclusions.js'

export const HELP_COLUMNS = 80

const OPTION_ROW = /^( {2,})(\S(?:.*?\S)?)( {2,})(\S.*)$/
const indentOf = (line: string) => line.length - line.trimStart().length
const endsSentence = (line: string) => /[.:;)]$/.test(line.trimEnd())

interface Block {
  /** The first line's start (an option row's label, or the indent) and the rest's indent. */
  readonly first: string
  readonly rest: string
  text: string
  readonly kind: 'option' | 'prose' | 'indented'
}

export function formatHelp(text: string, width = HELP_COLUMNS): string {
  const out: string[] = []
  let block: Block | undefined
  const flush = () => {
    if (block) out.push(...wrap(block.text, block.first, block.rest, width))
    block = undefined
  }
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (trimmed === '') {
      flush()
      out.push('')
      continue
    }
    const indent = indentOf(line)
    const option = OPTION_ROW.exec(line)
    // An indented line under an option row, past the label: more of its description.
    if (block?.kind === 'option' && indent >= block.rest.length && !option?.[2]?.startsWith('-')) {
      block.text += ` ${trimmed}`
      continue
    }
    if (option && indent >= 2) {
      flush()
      const [, lead = '', label = '', gap = '', description = ''] = option
      let first = `${lead}${label}${gap}`
      // A label too long for the description to have room: the description goes below it.
      if (first.length > width / 2) {
        out.push(`${lead}${label}`)
        first = `${lead}    `
      }
      block = { first, rest: ' '.repeat(first.length), text: description, kind: 'option' }
      continue
    }
    if (indent === 0) {
      const heading = /^[A-Z][\w ]*:$/.test(trimmed)
      const joins = block?.kind === 'prose' && !heading && !(endsSentence(block.text) && /^[A-Z]/.test(trimmed))
      if (block && joins) {
        block.text += ` ${trimmed}`
        continue
      }
      flush()
      if (heading) {
        out.push(trimmed)
        continue
      }
      block = { first: '', rest: '', text: trimmed, kind: 'prose' }
      continue
    }
    flush()
    const pad = ' '.repeat(indent)
    block = { first: pad, rest: `${pad}  `, text: trimmed, kind: 'indented' }
    flush()
  }
  flush()
  return out.join('\n')
}
