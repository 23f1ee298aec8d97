import { describe, expect, it } from 'vitest'
import type { LabResults, Spread } from '../results/results-types.js'
import { compareResults, iqrsApart } from './compare.js'
import { renderComparisonMarkdown, renderComparisonText } from './compare-render.js'
import { loadFixture } from './fixtures/load-fixture.js'

const spread = (median: number, q1: number, q3: number): Spread => ({ median, q1, q3, cv: 0, n: 3 })

/** The fixture with jwt's hot-read throughput scaled, its IQR with it. */
function withJwtRps(results: LabResults, factor: number): LabResults {
  const scale = (value: Spread | null) => value && spread(value.median * factor, value.q1 * factor, value.q3 * factor)
  const throughput = results.throughput
  if (!throughput) throw new Error('the fixture has throughput')
  return {
    ...results,
    started_at: '2026-12-01T00:00:00.000Z',
    throughput: {
      ...throughput,
      aggregates: throughput.aggregates.map((aggregate) =>
        aggregate.scenario !== 'hot-read'
          ? aggregate
          : {
              ...aggregate,
              variants: aggregate.variants.map((entry) =>
                entry.variant === 'jwt' ? { ...entry, rps: scale(entry.rps) } : entry,
              ),
            },
      ),
    },
  }
}

describe('compare', () => {
  it('flags a change only when the two IQRs do not overlap', () => {
    expect(iqrsApart(spread(100, 90, 110), spread(115, 105, 125))).toBe(false)
    expect(iqrsApart(spread(100, 90, 110), spread(130, 120, 140))).toBe(true)
    expect(iqrsApart(spread(100, 90, 110), spread(70, 60, 80))).toBe(true)
  })

  it('finds nothing between a run and itself', () => {
    const results = loadFixture()
    const comparison = compareResults(results, results)
    expect(comparison.rows.length).toBeGreaterThan(0)
    expect(
      comparison.rows
        .flatMap((row) => row.metrics)
        .every((metric) => !metric.flagged && (metric.change === null || metric.change === 0)),
    ).toBe(true)
    expect(renderComparisonText(comparison)).toContain("No change goes beyond both runs' interquartile ranges.")
  })

  it('flags a throughput gain beyond both spreads as better, a loss as worse', () => {
    const old = loadFixture()
    const faster = compareResults(old, withJwtRps(old, 2))
    const row = faster.rows.find((entry) => entry.scenario === 'hot-read@32' && entry.variant === 'jwt')
    const rps = row?.metrics.find((metric) => metric.metric === 'req/s')
    expect(rps).toMatchObject({ flagged: true, better: true, change: 1 })
    expect(faster.rows.flatMap((entry) => entry.metrics).filter((metric) => metric.flagged)).toHaveLength(1)

    const slower = compareResults(old, withJwtRps(old, 0.5))
    const text = renderComparisonText(slower)
    expect(text).toMatch(/hot-read@32 +jwt +req\/s .* −50\.0% +WORSE/)
    expect(renderComparisonMarkdown(slower)).toMatch(/\| hot-read@32 \| jwt \| req\/s \| .* \| −50\.0% \| WORSE \|/)
  })

  it('compares p99 over the same valid bursts the lab aggregated, and in-process CPU', () => {
    const results = loadFixture()
    const comparison = compareResults(results, results)
    const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
    const p99 = comparison.rows
      .find((row) => row.scenario === 'hot-read@32' && row.variant === 'session')
      ?.metrics.find((metric) => metric.metric === 'p99 ms')
    expect(p99?.new?.median).toBe(hot?.variants.find((entry) => entry.variant === 'session')?.latency_ms?.p99)
    expect(comparison.rows.filter((row) => row.scenario === 'in-process')).toHaveLength(
      results.cpu?.aggregates.length ?? -1,
    )
  })

  it('names what only one run measured', () => {
    const results = loadFixture()
    const { cpu: _cpu, ...fewer } = withJwtRps(results, 1)
    const throughput = fewer.throughput && {
      ...fewer.throughput,
      aggregates: fewer.throughput.aggregates.filter((aggregate) => aggregate.scenario !== 'login-storm'),
    }
    const comparison = compareResults(results, { ...fewer, ...(throughput && { throughput }) })
    expect(comparison.onlyOld).toContain('login-storm@2 jwt')
    expect(comparison.rows.some((row) => row.scenario === 'in-process')).toBe(false)
  })
})
