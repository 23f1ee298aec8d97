import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { REFERENCE_RESULTS } from '../cli/guide-command.js'
import { parseResults } from '../report/results-file.js'
import { UNRELIABLE } from '../results/self-check.js'
import { renderAdr } from './adr-draft.js'

const results = parseResults(await readFile(REFERENCE_RESULTS, 'utf8'), REFERENCE_RESULTS)
const options = ['jwt', 'session']

describe('the ADR draft (issue 29)', () => {
  it('opens with MADR front matter: status, date, deciders', () => {
    const adr = renderAdr(results, options, 'results.json', '2026-12-07')
    expect(adr.split('\n').slice(0, 5)).toEqual([
      '---',
      'status: proposed',
      'date: 2026-12-07',
      expect.stringMatching(/^deciders: /),
      '---',
    ])
  })

  it('--option jwt --option session mentions neither apikey nor paseto outside its "not considered" line', () => {
    const adr = renderAdr(results, options, 'results.json')
    const lines = adr.split('\n')
    const notConsidered = lines.filter((line) => line.startsWith('Not considered'))
    expect(notConsidered).toHaveLength(1)
    expect(notConsidered[0]).toMatch(/apikey/)
    expect(notConsidered[0]).toMatch(/paseto/)
    const rest = lines.filter((line) => !line.startsWith('Not considered')).join('\n')
    expect(rest).not.toMatch(/apikey|paseto/)
    // Only the options' own variants are named: none of jwt's or session's other modes either.
    expect(rest).not.toMatch(/revocation=|cache-ttl=/)
  })

  it('judges "smallest credential" among the options', () => {
    const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
    const bytes = (variant: string) => hot?.variants.find((entry) => entry.variant === variant)?.credential_bytes ?? 0
    const smaller = bytes('session') < bytes('jwt') ? 'session' : 'jwt'
    const adr = renderAdr(results, options, 'results.json')
    expect(adr).toContain(`within 1.1× of the smallest (${bytes(smaller)} B)`)
    const section = adr.slice(adr.indexOf(`### ${smaller}`))
    expect(section.split('\n### ')[0]).toContain('Good, because it meets "smallest credential"')
  })

  it('keeps a self-check warning about a variant not considered, as a count, without naming it', () => {
    const warning = `${UNRELIABLE} apikey:cache-ttl=1000 0.50 reads slower than apikey 0.77, the store its cache saves (test).`
    const adr = renderAdr({ ...results, warnings: [warning] }, options, 'results.json')
    const context = adr.slice(adr.indexOf('## Context and Problem Statement'))
    expect(context.split('\n')[2]).toMatch(/^> \*\*The run contradicts itself/)
    expect(context).toContain('1 self-check warning about variants not considered here')
    expect(
      adr
        .split('\n')
        .filter((line) => !line.startsWith('Not considered'))
        .join('\n'),
    ).not.toMatch(/apikey/)
  })
})
