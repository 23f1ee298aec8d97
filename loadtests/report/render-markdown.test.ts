import { describe, expect, it } from 'vitest'
import { renderSummary } from './render-summary.js'
import { loadFixture } from './fixtures/load-fixture.js'
import { renderMarkdown } from './render-markdown.js'
import { ABSENT_NOTES } from './sections.js'

const results = loadFixture()
const markdown = renderMarkdown(results)
const rowOf = (text: string, first: string, after = 0) =>
  text
    .slice(after)
    .split('\n')
    .find((line) => line.startsWith(`| ${first} |`))

describe('report.md from the fixture', () => {
  it('keeps every line of the lab summary, with the findings and the requirements right under its title', () => {
    const [title, ...summary] = renderSummary(results).split('\n')
    expect(markdown.startsWith(`${title}\n\n## Findings\n`)).toBe(true)
    expect(markdown.indexOf('## Requirements')).toBeLessThan(markdown.indexOf('## Method at a glance'))
    expect(rowOf(markdown, 'no store on the read path')).toMatch(
      /\| (jwt, paseto|paseto, jwt) \| jwt 0\.81× \[IQR 0\.76–0\.86\]/,
    )
    expect(markdown).toContain(summary.join('\n'))
    expect(markdown).toContain('## Revocation: how long a dead credential keeps working')
  })

  it('prints the latency percentiles of each scenario as the file has them', () => {
    for (const aggregate of results.throughput?.aggregates ?? []) {
      const at = markdown.indexOf(
        `### ${aggregate.scenario}, ${aggregate.connections} connections`,
        markdown.indexOf('## Latency percentiles'),
      )
      const jwt = aggregate.variants.find((entry) => entry.variant === 'jwt')?.latency_ms
      expect(at).toBeGreaterThan(0)
      const cells = rowOf(markdown, 'jwt', at)
        ?.split('|')
        .map((cell) => cell.trim().replace(/,/g, ''))
      expect(cells?.slice(2, 7).map(Number)).toEqual(
        [jwt?.p50, jwt?.p90, jwt?.p97_5, jwt?.p99, jwt?.max].map((value) =>
          Number(Number(value).toFixed(value !== undefined && value >= 100 ? 0 : 1)),
        ),
      )
    }
  })

  it('prints the cost per request: HTTP CPU, in-process parts, Redis and credential bytes', () => {
    const cost = markdown.indexOf('## Cost per request')
    const cells = rowOf(markdown, 'session', cost)
      ?.split('|')
      .map((cell) => cell.trim())
    const http = results.throughput?.aggregates
      .find((entry) => entry.scenario === 'hot-read')
      ?.variants.find((entry) => entry.variant === 'session')
    const cpu = results.cpu?.aggregates.find((entry) => entry.variant === 'session')
    expect(cells?.[2]).toMatch(new RegExp(`^${Math.round(http?.server_cpu_us_per_req?.median ?? 0)} \\[`))
    expect(cells?.[3]).toBe(Math.round(cpu?.cpu_us_per_req?.median ?? 0).toString())
    expect(cells?.[5]).toMatch(new RegExp(`^${Math.round(cpu?.above_baseline_us?.median ?? 0)} \\[`))
    expect(cells?.[7]).toBe(http?.redis_commands_per_req?.median.toFixed(2))
    expect(cells?.[8]).toBe(String(http?.credential_bytes))
  })

  it('prints the attack matrix once, as the lab summary renders it', () => {
    expect(markdown.match(/### Attacks: /g)).toHaveLength(1)
  })

  it('escapes a pipe inside a cell, and notes the sections a run did not collect', () => {
    const { revocation: _revocation, attacks: _attacks, ...rest } = loadFixture()
    const text = renderMarkdown({ ...rest, environment: { ...rest.environment, cpu_model: 'A|B' } })
    expect(text).toContain('A\\|B')
    expect(text).toContain(`- ${ABSENT_NOTES.revocation}`)
    expect(text).toContain(`- ${ABSENT_NOTES.attacks}`)
    expect(text).not.toContain('## Attacks')
  })
})
