import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { RESULTS_JSON_SCHEMA } from '../stages.js'
import { chartMarks, loadFixture } from './fixtures/load-fixture.js'
import { formatTick } from '../render/format.js'
import { barChart } from '../render/svg-bars.js'
import { linearScale, logScale } from '../render/svg-frame.js'
import { scatterChart } from '../render/svg-scatter.js'

describe('chart building blocks', () => {
  it('scales from zero to a round number, with round ticks', () => {
    const scale = linearScale(2345, [0, 100])
    expect(scale.ticks).toEqual([0, 500, 1000, 1500, 2000, 2500])
    expect(scale(2500)).toBe(100)
    expect(scale.ticks.map(formatTick)).toEqual(['0', '500', '1,000', '1,500', '2,000', '2,500'])
    expect(linearScale(0.9, [0, 1]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })

  it('spaces connection counts evenly on a log axis', () => {
    const scale = logScale([1, 8, 64], [0, 200])
    expect([scale(1), scale(8), scale(64)].map(Math.round)).toEqual([0, 100, 200])
  })

  it('keeps negative values as data but draws no negative bar', () => {
    const html = barChart({
      id: 'x',
      title: 't',
      axisLabel: 'a',
      rows: [{ label: 'v', bars: [{ series: 's', value: -3, colour: '#000' }] }],
    })
    expect(chartMarks(html, 'x')).toEqual([{ label: 'v', series: 's', value: '-3' }])
    expect(html).toMatch(/class="mark"[^>]* width="0"/)
  })

  it('escapes labels and colours', () => {
    const html = scatterChart({
      id: 'x',
      title: '<b>',
      xLabel: '"x"',
      yLabel: 'y',
      points: [{ label: '</text><script>', x: 1, y: 1, colour: '"red' }],
    })
    expect(html).not.toMatch(/<script|<b>|fill=""red"/)
    expect(chartMarks(html, 'x')[0]?.label).toBe('</text><script>')
  })
})

describe('the fixture', () => {
  it('is a valid results.json (the schema the lab writes to)', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(RESULTS_JSON_SCHEMA)
    expect(validate(loadFixture()), JSON.stringify(validate.errors)).toBe(true)
  })
})
