import { describe, expect, it } from 'vitest'
import { renderAdr } from '../decision/adr-draft.js'
import { renderDecisionGuide } from '../decision/decision-guide.js'
import type { Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { UNRELIABLE } from '../results/self-check.js'
import { findings } from './findings.js'
import { loadFixture } from './fixtures/load-fixture.js'
import { cheapestOf, cheapestText, requirementRows } from './requirements.js'
import { formatRanked, rankableRatios, toldApart } from './told-apart.js'

const spread = (median: number, q1: number, q3: number, ci95?: [number, number]): Spread => ({
  median,
  q1,
  q3,
  cv: 0,
  n: ci95 ? 9 : 5,
  ...(ci95 && { ci95 }),
})

/** The fixture with its hot-read ratios replaced (variant → spread). */
function withRatios(ratios: Record<string, Spread>, warnings?: string[]): LabResults {
  const results = loadFixture()
  const throughput = results.throughput
  if (!throughput) throw new Error('the fixture has a throughput section')
  return {
    ...results,
    warnings: warnings ?? [],
    throughput: {
      ...throughput,
      aggregates: throughput.aggregates.map((aggregate) =>
        aggregate.scenario !== 'hot-read'
          ? aggregate
          : {
              ...aggregate,
              noise_floor: spread(1, 0.97, 1.03),
              variants: aggregate.variants.map((entry) => ({
                ...entry,
                rps_ratio: ratios[entry.variant] ?? entry.rps_ratio,
              })),
            },
      ),
    },
  }
}

describe('rankings name their interval and never order what the run cannot tell apart', () => {
  it('judge by the 95% intervals when both ratios have one, else by the IQR and the noise floor', () => {
    // IQRs apart, 95% intervals overlapping: the intervals decide.
    expect(toldApart(spread(0.8, 0.79, 0.81, [0.7, 0.9]), spread(0.7, 0.69, 0.71, [0.6, 0.75]))).toBe(false)
    expect(toldApart(spread(0.8, 0.7, 0.9, [0.78, 0.82]), spread(0.7, 0.6, 0.8, [0.68, 0.72]))).toBe(true)
    // No intervals: the IQRs must not overlap and the medians sit further apart than the floor is wide.
    expect(toldApart(spread(0.8, 0.78, 0.82), spread(0.7, 0.68, 0.72))).toBe(true)
    expect(toldApart(spread(0.8, 0.78, 0.82), spread(0.7, 0.68, 0.72), spread(1, 0.9, 1.1))).toBe(false)
    expect(formatRanked(spread(0.8, 0.7, 0.9, [0.78, 0.82]))).toBe('0.80× [95% interval 0.78–0.82]')
    expect(formatRanked(spread(0.8, 0.7, 0.9))).toBe('0.80× [IQR 0.70–0.90]')
  })

  it('say "not told apart" for close variants, in findings and requirements, and name the interval', () => {
    const results = withRatios({
      jwt: spread(0.81, 0.8, 0.82, [0.78, 0.84]),
      paseto: spread(0.79, 0.78, 0.8, [0.76, 0.82]),
      session: spread(0.6, 0.59, 0.61, [0.58, 0.62]),
      apikey: spread(0.62, 0.61, 0.63, [0.6, 0.64]),
    })
    const cheapest = cheapestOf(results, ['jwt', 'paseto', 'session'])
    expect(cheapest?.variant).toBe('jwt')
    expect(cheapest?.tiedWith).toEqual(['paseto'])
    const spreadFinding = findings(results).find((sentence) => sentence.startsWith('On the hot read'))
    expect(spreadFinding).toContain('ranked by the 95% interval of the median')
    expect(spreadFinding).toContain('0.81× [95% interval 0.78–0.84]')
  })

  it('never order the extremes of the hot read when even they overlap', () => {
    const close = spread(0.7, 0.65, 0.75)
    const results = withRatios({ jwt: close, paseto: close, session: close, apikey: close })
    const spreadFinding = findings(results).find((sentence) => sentence.startsWith('On the hot read'))
    expect(spreadFinding).toMatch(/were not told apart/)
    expect(spreadFinding).not.toMatch(/kept the most/)
  })

  it('leave a variant the run warned about out of every ranking', () => {
    // The fixture warns that apikey's spread is too wide to rank.
    const results = withRatios({ apikey: spread(0.95, 0.7, 0.99) })
    expect(rankableRatios(results).has('apikey')).toBe(false)
    const cheapest = cheapestOf(results, ['apikey', 'jwt'])
    expect(cheapest?.variant).toBe('jwt')
    expect(cheapest?.unranked).toEqual(['apikey'])
    const spreadFinding = findings(results).find((sentence) => sentence.startsWith('On the hot read'))
    expect(spreadFinding).toContain('apikey not ranked')
    expect(spreadFinding).not.toMatch(/apikey kept the most/)
  })

  it('draw no ranking from a run whose self-check says it is unreliable; the guide and the ADR open with it', () => {
    const warning = `${UNRELIABLE} jwt 0.81 vs jwt:revocation=refresh 0.60, identical work (test).`
    const results = withRatios({}, [warning])
    expect(rankableRatios(results).size).toBe(0)
    const sentences = findings(results)
    expect(sentences.some((sentence) => sentence.startsWith('On the hot read'))).toBe(false)
    expect(sentences.join(' ')).not.toMatch(/\d\.\d\d× \[/)
    for (const row of requirementRows(results).filter((entry) => entry.meeting?.length)) {
      expect(row.cheapest).toBeUndefined()
      expect(cheapestText(row)).toMatch(/^not ranked/)
    }
    const guide = renderDecisionGuide(results, 'results.json')
    const guideBody = guide.split('\n').filter((line) => line && !line.startsWith('#') && !line.startsWith('<!--'))
    expect(guideBody[0]).toMatch(/^> \*\*The run contradicts itself/)
    expect(guideBody[1]).toBe(`> - ${warning}`)
    const adr = renderAdr(results, ['jwt', 'session'], 'results.json')
    const context = adr.slice(adr.indexOf('## Context and Problem Statement'))
    expect(context.split('\n')[2]).toMatch(/^> \*\*The run contradicts itself/)
  })
})
