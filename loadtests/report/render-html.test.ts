import { describe, expect, it } from 'vitest'
import { chartIds, chartMarks, loadFixture } from './fixtures/load-fixture.js'
import { expectedMarks } from './fixtures/expected-marks.js'
import { renderHtml } from './render-html.js'
import { ABSENT_NOTES } from './sections.js'

const results = loadFixture()
const html = renderHtml(results)
const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
const numbers = (marks: Record<string, string>[], key: string) => marks.map((mark) => Number(mark[key]))

describe('report.html from the fixture', () => {
  it('draws every chart the data allows, each with one mark per data point', () => {
    const expected = expectedMarks(results)
    expect(chartIds(html).sort()).toEqual(Object.keys(expected).sort())
    for (const [id, count] of Object.entries(expected)) {
      expect(chartMarks(html, id), id).toHaveLength(count)
      expect(html).toContain(`data-chart="${id}" data-marks="${count}"`)
    }
  })

  it('draws throughput bars at the stored medians, IQRs and the min–max of the valid bursts', () => {
    const marks = chartMarks(html, 'throughput-hot-read-32')
    for (const entry of hot?.variants ?? []) {
      const mark = marks.find((candidate) => candidate.label === entry.variant)
      const rates =
        results.throughput?.samples
          .filter((s) => s.valid && s.scenario === 'hot-read' && s.variant === entry.variant)
          .map((s) => s.rps) ?? []
      expect(Number(mark?.value)).toBe(entry.rps?.median)
      expect([Number(mark?.q1), Number(mark?.q3)]).toEqual([entry.rps?.q1, entry.rps?.q3])
      expect([Number(mark?.min), Number(mark?.max)]).toEqual([Math.min(...rates), Math.max(...rates)])
      expect(html).toContain(`${entry.rps_ratio?.median.toFixed(2)}×`)
    }
  })

  it('draws the latency percentiles, the in-process auth cost and the sweep from the file', () => {
    const latency = chartMarks(html, 'latency-hot-read-32')
    const jwt = hot?.variants.find((entry) => entry.variant === 'jwt')
    const jwtLatency = Object.fromEntries(
      latency.filter((mark) => mark.label === 'jwt').map((mark) => [mark.series, Number(mark.value)]),
    )
    expect(jwtLatency).toEqual({
      p50: jwt?.latency_ms?.p50,
      p90: jwt?.latency_ms?.p90,
      'p97.5': jwt?.latency_ms?.p97_5,
      p99: jwt?.latency_ms?.p99,
    })

    const auth = chartMarks(html, 'cpu-cost').filter((mark) => mark.series === 'auth')
    expect(numbers(auth, 'value').sort()).toEqual(
      results.cpu?.aggregates.map((entry) => entry.above_baseline_us?.median).sort(),
    )

    const sweep = chartMarks(html, 'sweep')
    for (const aggregate of results.sweep?.aggregates ?? []) {
      for (const entry of aggregate.variants) {
        expect(sweep.find((mark) => mark.series === entry.variant && Number(mark.x) === aggregate.connections)?.y).toBe(
          String(entry.rps?.median),
        )
      }
    }
  })

  it('draws each revocation timeline bin and one trade-off point per variant with a throughput', () => {
    results.revocation?.runs.forEach((run, index) => {
      const marks = chartMarks(html, `timeline-${index}`)
      const total = (perReplica: readonly (readonly number[])[]) =>
        perReplica.flat().reduce((sum, count) => sum + count, 0)
      expect(numbers(marks, 'accepted').reduce((a, b) => a + b, 0)).toBe(total(run.timeline.accepted))
      expect(numbers(marks, 'refused').reduce((a, b) => a + b, 0)).toBe(total(run.timeline.refused))
      expect(Number(marks[0]?.t)).toBe(run.timeline.start_ms)
    })
    const points = chartMarks(html, 'trade-off')
    const jwt = points.find((point) => point.label === 'jwt')
    expect(Number(jwt?.x)).toBe(results.revocation?.runs.find((run) => run.variant === 'jwt')?.window_ms)
    expect(Number(jwt?.y)).toBe(hot?.variants.find((entry) => entry.variant === 'jwt')?.rps_ratio?.median)
    expect(html).toContain('so not placed: session:cache-ttl=1000')
  })

  it('shows the method, every warning and the attack matrix', () => {
    for (const library of Object.keys(results.environment.libraries)) expect(html).toContain(library)
    for (const warning of results.warnings) expect(html).toContain(warning.replace(/'/g, '&#39;'))
    expect(html).toContain('<table class="matrix">')
    expect(html.match(/<td class="good">blocked \(401\)<\/td>/g)).toHaveLength(results.attacks?.totals.blocked ?? -1)
  })

  it('loads nothing from anywhere: no script, no external URL', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import/i)
    expect(html).not.toMatch(/https?:\/\//)
  })

  it('escapes names and messages from the file', () => {
    const hostile = loadFixture()
    const name = '<script>alert(1)</script>'
    const page = renderHtml({ ...hostile, baseline: name, warnings: [`"><img src=x onerror=alert(1)>`] })
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('<img')
    expect(page).toContain('&lt;script&gt;')
  })

  it('leaves out sections the run did not collect, with a note instead of an empty chart', () => {
    const { sweep: _sweep, revocation: _revocation, attacks: _attacks, cpu: _cpu, ...rest } = loadFixture()
    const page = renderHtml(rest)
    expect(
      chartIds(page).some(
        (id) => id === 'sweep' || id === 'trade-off' || id === 'cpu-cost' || id.startsWith('timeline-'),
      ),
    ).toBe(false)
    expect(page).not.toContain('id="attacks"')
    for (const section of ['sweep', 'revocation', 'attacks', 'cpu'] as const)
      expect(page).toContain(
        (ABSENT_NOTES[section] ?? 'no note for this section').replace(/`([^`]+)`/g, '<code>$1</code>'),
      )
  })
})
