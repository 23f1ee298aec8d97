import { describe, expect, it } from 'vitest'
import { UNRELIABLE } from '../results/self-check.js'
import { renderConclusions, SCREEN_COLUMNS, wrap } from './conclusions.js'
import { findings } from './findings.js'
import { loadFixture } from './fixtures/load-fixture.js'
import { requirementRows } from './requirements.js'

const files = {
  directory: 'results/2026-11-23T10-09-14',
  latest: 'results/latest',
  report: { html: 'results/2026-11-23T10-09-14/report.html', md: 'results/2026-11-23T10-09-14/report.md' },
}

describe('the conclusions a run leaves on screen', () => {
  it('fit 80 columns, in plain text', () => {
    const text = renderConclusions(loadFixture(), files)
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(SCREEN_COLUMNS)
    expect(text).not.toMatch(/^\|/m) // no Markdown table
    expect(text).not.toContain('**')
  })

  it('say the findings, every requirement and where the files are', () => {
    const results = loadFixture()
    const flat = renderConclusions(results, files).replace(/\s+/g, ' ')
    for (const sentence of findings(results)) expect(flat).toContain(sentence)
    for (const row of requirementRows(results)) expect(flat).toContain(row.requirement)
    expect(flat).toContain('results/2026-11-23T10-09-14/report.html')
    expect(flat).toContain('results/latest')
  })

  it('open with the self-check warnings, before the other warnings and the findings', () => {
    const fixture = loadFixture()
    const selfCheck = `${UNRELIABLE} jwt and jwt:revocation=refresh do the same work and measured 0.70 against 0.90`
    const results = { ...fixture, warnings: [...fixture.warnings, selfCheck] }
    const flat = renderConclusions(results, files).replace(/\s+/g, ' ')
    const at = flat.indexOf(selfCheck)
    expect(at).toBeGreaterThan(0)
    expect(at).toBeLessThan(flat.indexOf(results.warnings[0] ?? ''))
    expect(at).toBeLessThan(flat.indexOf('Findings'))
    expect(flat).toContain('do not quote its throughput')
  })
})

describe('wrap', () => {
  it('breaks at spaces within the width and indents the rest', () => {
    expect(wrap('aaa bbb ccc', '- ', '  ', 9)).toEqual(['- aaa bbb', '  ccc'])
    expect(wrap('averyveryverylongword x', '', '', 5)).toEqual(['averyveryverylongword', 'x'])
  })
})
