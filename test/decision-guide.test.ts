import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { REFERENCE_RESULTS, DECISION_GUIDE } from '../loadtests/cli/guide-command.js'
import { renderAdr } from '../loadtests/decision/adr-draft.js'
import { renderDecisionGuide } from '../loadtests/decision/decision-guide.js'
import { parseResults } from '../loadtests/report/results-file.js'

/**
 * docs/decision-guide.md is generated from the reference run; the committed file must be exactly
 * what `npx authlab guide` writes today, so no number in it drifts from the data it came from.
 */
const results = parseResults(await readFile(REFERENCE_RESULTS, 'utf8'), REFERENCE_RESULTS)

describe('the decision guide and the ADR draft', () => {
  it('docs/decision-guide.md is what `npx authlab guide` generates from docs/reference/results.json', async () => {
    const committed = await readFile(DECISION_GUIDE, 'utf8')
    expect(committed, 'run `npx authlab guide` and commit docs/decision-guide.md').toBe(
      renderDecisionGuide(results, REFERENCE_RESULTS),
    )
  })

  it('the guide names the run it came from, and its method', () => {
    const guide = renderDecisionGuide(results, REFERENCE_RESULTS)
    expect(guide).toContain(results.started_at)
    expect(guide).toContain(results.environment.cpu_model)
    expect(guide).toMatch(/^## Method$/m)
    expect(guide).toMatch(/^## Requirements, and the cheapest variant meeting each$/m)
    // Issue 29: the reader learns how a ranking is judged before the first one.
    expect(guide).toContain('a ranking names the interval it used')
  })

  it('the ADR draft follows MADR, leaves the outcome open and quotes the options’ measured numbers', () => {
    const adr = renderAdr(results, ['apikey', 'paseto'], REFERENCE_RESULTS)
    const headings = [...adr.matchAll(/^## (.+)$/gm)].map((match) => match[1])
    expect(headings).toEqual([
      'Context and Problem Statement',
      'Decision Drivers',
      'Considered Options',
      'Decision Outcome',
      'Pros and Cons of the Options',
      'More Information',
    ])
    expect(adr).toContain('Chosen option: "<!-- option -->"')
    const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
    for (const option of ['apikey', 'paseto']) {
      const ratio = hot?.variants.find((entry) => entry.variant === option)?.rps_ratio
      const section = adr.slice(adr.indexOf(`### ${option}`))
      expect(section).toContain(`${ratio?.median.toFixed(2)}× [IQR ${ratio?.q1.toFixed(2)}–${ratio?.q3.toFixed(2)}]`)
    }
  })
})
