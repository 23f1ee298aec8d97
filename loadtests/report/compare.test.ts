import { describe, expect, it } from 'vitest'
import type { Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { compareResults, intervalsApart } from './compare.js'
import { renderComparisonMarkdown, renderComparisonText } from './compare-render.js'
import { loadFixture } from './fixtures/load-fixture.js'

/** A spread of 6 rounds, its 95% interval standing in as the interquartile range. */
const spread = (median: number, q1: number, q3: number): Spread => ({ median, q1, q3, cv: 0, n: 6, ci95: [q1, q3] })

/** The ratio spreads of `scenario` (every variant's, or `variant`'s only) passed through `change`. */
function mapRatios(
  results: LabResults,
  scenario: string,
  change: (ratio: Spread) => Spread,
  variant?: string,
): LabResults {
  const throughput = results.throughput
  if (!throughput) throw new Error('the fixture has throughput')
  const aggregates = throughput.aggregates.map((aggregate) =>
    aggregate.scenario !== scenario
      ? aggregate
      : {
          ...aggregate,
          variants: aggregate.variants.map((entry) =>
            entry.rps_ratio && (variant === undefined || entry.variant === variant)
              ? { ...entry, rps_ratio: change(entry.rps_ratio) }
              : entry,
          ),
        },
  )
  return { ...results, throughput: { ...throughput, aggregates } }
}

/**
 * The fixture (a run from before intervals) as a default run reads now: the hot read's 6 rounds
 * and in-process CPU's with a 95% interval, the realistic read's and the login storm's fewer
 * rounds without one.
 */
function withIntervals(results: LabResults): LabResults {
  const interval = (value: Spread): Spread => ({ ...value, n: 6, ci95: [value.q1, value.q3] })
  const none = (value: Spread): Spread => ({ ...value, ci95: null })
  const mapped = ['realistic-read', 'login-storm'].reduce(
    (all, scenario) => mapRatios(all, scenario, none),
    mapRatios(results, 'hot-read', interval),
  )
  const cpu = mapped.cpu && {
    ...mapped.cpu,
    aggregates: mapped.cpu.aggregates.map((entry) => ({
      ...entry,
      above_baseline_us: entry.above_baseline_us && interval(entry.above_baseline_us),
    })),
  }
  return { ...mapped, ...(cpu && { cpu }) }
}

/** The fixture with jwt's hot-read throughput and its ratio to the baseline scaled, their spreads with them. */
function withJwtRps(results: LabResults, factor: number, exactRatio?: number): LabResults {
  const scale = (value: Spread | null): Spread | null =>
    exactRatio !== undefined
      ? spread(exactRatio, exactRatio, exactRatio)
      : value && {
          ...spread(value.median * factor, value.q1 * factor, value.q3 * factor),
          ci95: value.ci95 && [value.ci95[0] * factor, value.ci95[1] * factor],
        }
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
  it('finds nothing between a run and itself', () => {
    const results = withIntervals(loadFixture())
    const comparison = compareResults(results, results)
    expect(comparison.rows.length).toBeGreaterThan(0)
    expect(
      comparison.rows
        .flatMap((row) => row.metrics)
        .every((metric) => !metric.flagged && (metric.change === null || metric.change === 0)),
    ).toBe(true)
    const text = renderComparisonText(comparison)
    expect(text).toContain('No change: no ratio to the baseline moved by 0.05 or more')
    expect(text).toMatch(/^Too few rounds to judge .*: realistic-read@32 \(.*\); login-storm@2 \(.*\)\.$/m)
  })

  it('judges the ratio to the baseline, beyond both intervals, as better or worse; absolute req/s only shown', () => {
    const old = withIntervals(loadFixture())
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
    expect(flagged(close)).toBe(0) // intervals apart, but 0.04 < 0.05
    expect(flagged(far)).toBe(1)
  })

  it('says too few rounds to judge where a run has no 95% interval, and counts no change there', () => {
    const old = withIntervals(loadFixture())
    // Only what 1 to 3 rounds measured moved: intervals of none, IQRs apart, by far more than 0.05.
    const halved = (ratio: Spread): Spread => ({
      ...ratio,
      median: ratio.median / 2,
      q1: ratio.q1 / 2,
      q3: ratio.q3 / 2,
    })
    const newer = mapRatios(mapRatios(old, 'realistic-read', halved, 'jwt'), 'login-storm', halved, 'jwt')
    const comparison = compareResults(old, newer)
    const metrics = comparison.rows.flatMap((row) => row.metrics)
    expect(metrics.filter((metric) => metric.flagged)).toEqual([])
    const realistic = comparison.rows.find((row) => row.scenario === 'realistic-read@32' && row.variant === 'jwt')
    expect(realistic?.metrics[0]).toMatchObject({
      metric: 'ratio to baseline',
      unjudged: 'too few rounds',
      change: -0.5,
    })
    const text = renderComparisonText(comparison)
    expect(text).toContain('No change: no ratio to the baseline moved by 0.05 or more')
    expect(text).toMatch(/^Too few rounds to judge .*: realistic-read@32 \(.*jwt.*\); login-storm@2 \(.*jwt.*\)\.$/m)
    expect(text).toMatch(/realistic-read@32 +jwt +ratio to baseline .* −50\.0% +too few rounds to judge/)
    // Nor is a judged metric hidden: the hot read, with its intervals, is judged as before.
    expect(text).not.toMatch(/hot-read@32 .* too few rounds/)
  })

  it('judges nothing between runs without intervals, and says why', () => {
    const results = loadFixture()
    const text = renderComparisonText(compareResults(withIntervals(results), withJwtRps(results, 2)))
    expect(text).toContain('Nothing judged')
    expect(text).toMatch(/^warning: The new run has no 95% intervals \(made before them\)/m)
    expect(text).toMatch(/hot-read@32 +jwt +ratio to baseline .* \+100\.0% +no interval to judge/)
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
    const older = withIntervals(loadFixture())
    expect(compareResults(older, withIntervals(loadFixture())).differences).toEqual([])
    const newer: LabResults = {
      ...withIntervals(loadFixture()),
      options: { ...older.options, profile: older.options.profile === 'quick' ? 'default' : 'quick' },
      environment: { ...older.environment, git_commit: 'abc1234', cpu_count: older.environment.cpu_count + 2 },
    }
    const text = renderComparisonText(compareResults(older, newer))
    expect(text).toMatch(/^warning: The runs used different profiles/m)
    expect(text).toMatch(/^warning: The runs measured different commits \(\S+ against abc1234\)/m)
    expect(text).toMatch(/^warning: The runs used different machines/m)
  })

  it('in how the reads were ordered: rounds through every variant, or blocks', () => {
    const fixture = withIntervals(loadFixture())
    const { read_order: _order, ...inRounds } = fixture.options
    const rounds: LabResults = { ...fixture, options: inRounds }
    const blocks: LabResults = { ...fixture, options: { ...inRounds, read_order: 'blocks' } }
    expect(renderComparisonText(compareResults(rounds, blocks))).toMatch(
      /^warning: The runs ordered their reads differently \(rounds through every variant against blocks\)/m,
    )
    expect(compareResults(blocks, blocks).differences).toEqual([])
  })
})
