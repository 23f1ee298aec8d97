import { describe, expect, it } from 'vitest'
import type { LabResults, Spread } from '../results/results-types.js'
import { compareResults, intervalsApart, iqrsApart } from './compare.js'
import { renderComparisonMarkdown, renderComparisonText } from './compare-render.js'
import { loadFixture } from './fixtures/load-fixture.js'

const spread = (median: number, q1: number, q3: number): Spread => ({ median, q1, q3, cv: 0, n: 3 })

/** The fixture with jwt's hot-read throughput and its ratio to the baseline scaled, their spreads with them. */
function withJwtRps(results: LabResults, factor: number, exactRatio?: number): LabResults {
  const scale = (value: Spread | null) =>
    exactRatio !== undefined
      ? spread(exactRatio, exactRatio, exactRatio)
      : value && spread(value.median * factor, value.q1 * factor, value.q3 * factor)
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
                entry.variant === 'jwt'
                  ? { ...entry, rps: scale(entry.rps), rps_ratio: scale(entry.rps_ratio) }
                  : entry,
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
    expect(renderComparisonText(comparison)).toContain('No change: no ratio to the baseline moved by 0.05 or more')
  })

  it('judges the ratio to the baseline, beyond both intervals, as better or worse; absolute req/s only shown', () => {
    const old = loadFixture()
    const faster = compareResults(old, withJwtRps(old, 2))
    const row = faster.rows.find((entry) => entry.scenario === 'hot-read@32' && entry.variant === 'jwt')
    const ratio = row?.metrics.find((metric) => metric.metric === 'ratio to baseline')
    expect(ratio).toMatchObject({ flagged: true, better: true, change: 1 })
    expect(row?.metrics.find((metric) => metric.metric === 'req/s')).toMatchObject({ flagged: false, judged: false })
    expect(faster.rows.flatMap((entry) => entry.metrics).filter((metric) => metric.flagged)).toHaveLength(1)

    const slower = compareResults(old, withJwtRps(old, 0.5))
    const text = renderComparisonText(slower)
    expect(text).toMatch(/hot-read@32 +jwt +ratio to baseline .* −50\.0% +WORSE/)
    expect(renderComparisonMarkdown(slower)).toMatch(
      /\| hot-read@32 \| jwt \| ratio to baseline \| .* \| −50\.0% \| WORSE \|/,
    )
  })

  it('does not flag a move smaller than the smallest effect, nor one inside both 95% intervals', () => {
    const at = (median: number, ci95: [number, number]): Spread => ({ ...spread(median, median, median), n: 8, ci95 })
    expect(intervalsApart(at(0.8, [0.78, 0.82]), at(0.84, [0.83, 0.85]))).toBe(true)
    expect(intervalsApart(at(0.8, [0.7, 0.9]), at(0.84, [0.8, 0.9]))).toBe(false)
    // Apart, but by less than 0.05: noise a reader should not chase.
    const fixture = loadFixture()
    const [old, close, far] = [0.8, 0.84, 0.86].map((ratio) => withJwtRps(fixture, 1, ratio)) as [
      LabResults,
      LabResults,
      LabResults,
    ]
    const flagged = (newer: LabResults) =>
      compareResults(old, newer)
        .rows.flatMap((entry) => entry.metrics)
        .filter((metric) => metric.flagged).length
    expect(flagged(close)).toBe(0) // IQRs apart, but 0.04 < 0.05
    expect(flagged(far)).toBe(1)
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

describe('compare warns when the runs differ besides the code', () => {
  it('in profile, commit or machine, and says nothing when they match', () => {
    const older = loadFixture()
    expect(compareResults(older, loadFixture()).differences).toEqual([])
    const newer: LabResults = {
      ...loadFixture(),
      options: { ...older.options, profile: older.options.profile === 'quick' ? 'default' : 'quick' },
      environment: { ...older.environment, git_commit: 'abc1234', cpu_count: older.environment.cpu_count + 2 },
    }
    const text = renderComparisonText(compareResults(older, newer))
    expect(text).toMatch(/^warning: The runs used different profiles/m)
    expect(text).toMatch(/^warning: The runs measured different commits \(\S+ against abc1234\)/m)
    expect(text).toMatch(/^warning: The runs used different machines/m)
  })
})
