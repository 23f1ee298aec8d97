import { describe, expect, it } from 'vitest'
import { UNRELIABLE } from '../results/self-check.js'
import { loadFixture } from './fixtures/load-fixture.js'
import { renderTradeoffSvg, tradeoffPoints } from './tradeoff-figure.js'

describe('the slide figure of the trade-off', () => {
  const results = loadFixture()

  it('places each revoked variant at its deployment window: a stateless token at its default lifetime', () => {
    const points = tradeoffPoints(results)
    const jwt = points.find((point) => point.variant === 'jwt')
    expect(jwt).toMatchObject({ windowS: 900, untilExpiry: true })
    const session = points.find((point) => point.variant === 'session')
    expect(session).toMatchObject({ windowS: 0, untilExpiry: false })
  })

  it('is a standalone SVG with one mark per point, naming its interval and its method', () => {
    const svg = renderTradeoffSvg(results, 'results.json')
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 1280 720"/)
    expect(svg.match(/<g class="mark"/g)?.length).toBe(tradeoffPoints(results).length)
    expect(svg).toContain('interquartile range')
    expect(svg).toContain(`the lab&#39;s ${results.revocation?.method.token_ttl_s} s test credential`)
    expect(svg).not.toContain('measurement unreliable')
  })

  it('says so on the slide when the run is unreliable', () => {
    const svg = renderTradeoffSvg({ ...results, warnings: [`${UNRELIABLE} test`] }, 'results.json')
    expect(svg).toContain('measurement unreliable: do not quote')
  })
})
