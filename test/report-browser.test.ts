/**
 * The rendered report in a real browser: Debian's chromium, driven by playwright-core (no browser
 * download). Every chart must be drawn with as many marks as the fixture has data points, with no
 * console error and no request other than the file itself: the page must work offline.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseResults } from '../loadtests/report/results-file.js'
import { writeReport } from '../loadtests/report/write-report.js'
import { expectedMarks } from '../loadtests/report/fixtures/expected-marks.js'

const CHROMIUM = '/usr/bin/chromium'
const FIXTURE = resolve('loadtests/report/fixtures/results.fixture.json')
const OUTPUT = resolve('test-output')

describe('report.html in headless Chromium', () => {
  let browser: Browser
  let htmlPath: string

  beforeAll(async () => {
    // Fail loudly: a skipped browser test would let a broken page through unnoticed.
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does it in CI`,
      )
    const results = parseResults(await readFile(FIXTURE, 'utf8'), FIXTURE)
    await mkdir(OUTPUT, { recursive: true })
    htmlPath = (await writeReport(results, join(OUTPUT, 'report'))).html
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('draws every chart with the expected marks, offline, without console errors', async () => {
    const results = parseResults(await readFile(FIXTURE, 'utf8'), FIXTURE)
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const pageUrl = pathToFileURL(htmlPath).href
    const requests: string[] = []
    const problems: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    await page.goto(pageUrl, { waitUntil: 'load' })

    const drawn = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        id: figure.getAttribute('data-chart') ?? '',
        declared: Number(figure.getAttribute('data-marks')),
        marks: figure.querySelectorAll('svg .mark').length,
        // A mark with no area (or off the canvas) is not drawn, whatever the DOM says.
        visible: [...figure.querySelectorAll('svg .mark')].filter((mark) => {
          const box = (mark as unknown as { getBBox(): { width: number; height: number } }).getBBox()
          return box.width > 0 || box.height > 0 || mark.tagName === 'g'
        }).length,
      })),
    )
    const expected = expectedMarks(results)
    expect(Object.fromEntries(drawn.map((chart) => [chart.id, chart.marks]))).toEqual(expected)
    for (const chart of drawn) {
      expect(chart.declared, chart.id).toBe(chart.marks)
      expect(chart.marks, chart.id).toBeGreaterThan(0)
    }
    expect(drawn.find((chart) => chart.id.startsWith('throughput-'))?.visible).toBeGreaterThan(0)

    expect(problems).toEqual([])
    expect(requests).toEqual([pageUrl])

    await page.screenshot({ path: join(OUTPUT, 'report.png'), fullPage: true })
    await page.close()
  })
})
