import { describe, expect, it } from 'vitest'
import { allCommands, overview } from './commands.js'
import { formatHelp, HELP_COLUMNS } from './help-text.js'

// Every command: those listed by hand and those the stages declare.
const COMMANDS = await allCommands()

const words = (text: string) => text.split(/\s+/).filter(Boolean)

describe('help', () => {
  it.each(Object.keys(COMMANDS))('of %s fits 80 columns and keeps every word', async (name) => {
    const command = await (COMMANDS[name] as () => Promise<{ usage: string }>)()
    const help = formatHelp(`Usage: ${command.usage}`)
    for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(HELP_COLUMNS)
    expect(words(help)).toEqual(words(`Usage: ${command.usage}`))
  })

  it('overview fits 80 columns', async () => {
    for (const line of (await overview()).split('\n')) expect(line.length, line).toBeLessThanOrEqual(HELP_COLUMNS)
  })

  it('wraps an option row at its description column, and prose as paragraphs', () => {
    const text = [
      'Options:',
      `  --flag N   ${'word '.repeat(20).trim()}`,
      '             and more',
      '',
      'First line of a',
      'paragraph. Second sentence.',
      'Exit code: 0.',
    ].join('\n')
    expect(formatHelp(text, 40).split('\n')).toEqual([
      'Options:',
      '  --flag N   word word word word word',
      '             word word word word word',
      '             word word word word word',
      '             word word word word word',
      '             and more',
      '',
      'First line of a paragraph. Second',
      'sentence.',
      'Exit code: 0.',
    ])
  })
})

/** Options whose absence is the default itself: nothing added, no target, no extra file. */
const NO_DEFAULT = new Set(['--variants', '--only', '--target', '--strategy', '--json', '--markdown', '--option'])

describe('every option that takes a value says its default', () => {
  it.each(Object.keys(COMMANDS))('in %s', async (name) => {
    const command = await (COMMANDS[name] as () => Promise<{ usage: string }>)()
    const rows = formatHelp(command.usage)
      .split('\n')
      .reduce<string[]>((all, line) => {
        if (/^ {2}--/.test(line)) all.push(line)
        else if (all.length && /^ {6,}\S/.test(line)) all[all.length - 1] += ` ${line.trim()}`
        else if (!/^ {2}--/.test(line)) all.push('')
        return all
      }, [])
      .filter((row) => /^ {2}--[\w-]+ [A-Z]/.test(row))
    for (const row of rows) {
      const flag = row.trim().split(' ')[0] ?? ''
      if (!NO_DEFAULT.has(flag)) expect(row, `${name} ${flag}`).toMatch(/default/)
    }
  })
})
