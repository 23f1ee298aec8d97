/**
 * The rendered report in a real browser: Debian's chromium, driven by playwright-core (no browser
 * download). Every chart must be drawn with as many marks as the fixture has data points, with no
 * console error and no request other than the file itself: the page must work offline. A default
 * run (the reference run in docs/reference/) must fit in 15,000 px at 1280 px wide, with no label on
 * top of another and no text cut off at the edge of its chart.
 *
 * It also takes the README's screenshot, of the reference run: AUTHLAB_SCREENSHOT=docs/report.png writes it there
 * (npm run screenshot), otherwise it goes to test-output/report.png.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseResults } from '../loadtests/report/results-file.js'
import { writeReport } from '../loadtests/report/write-report.js'
import { expectedMarks } from '../loadtests/report/fixtures/expected-marks.js'
import { chromiumMissing, launchChromium } from '../loadtests/browser/chromium.js'

const FIXTURE = resolve('loadtests/report/fixtures/results.fixture.json')
const REFERENCE = resolve('docs/reference/results.json')
const OUTPUT = resolve('test-output')
const MAX_HEIGHT = 15_000

/** What the page looks like at 1280 px: its height, overlapping labels, text outside its chart. */
async function layoutProblems(page: Page): Promise<{ height: number; overlaps: string[]; clipped: string[] }> {
  const height = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement
        .scrollHeight,
  )
  const problems = await page.$$eval('figure.chart', (figures) => {
    const overlaps: string[] = []
    const clipped: string[] = []
    for (const figure of figures) {
      const id = figure.getAttribute('data-chart') ?? '?'
      const svg = figure.querySelector('svg')
      if (!svg) continue
      const frame = svg.getBoundingClientRect()
      const texts = [...svg.querySelectorAll('text')]
        .filter((text) => (text.textContent ?? '').trim() !== '')
        .map((text) => ({ text: text.textContent ?? '', box: text.getBoundingClientRect() }))
      for (const { text, box } of texts)
        if (box.left < frame.left - 1 || box.right > frame.right + 1) clipped.push(`${id}: "${text}"`)
      // Labels that name something (points, rows, notes) must not touch each other; 1 px of slack.
      const labels = texts.filter(({ text }) => text.length > 1)
      labels.forEach((a, index) => {
        for (const b of labels.slice(index + 1)) {
          const apart =
            a.box.right <= b.box.left + 1 ||
            b.box.right <= a.box.left + 1 ||
            a.box.bottom <= b.box.top + 1 ||
            b.box.bottom <= a.box.top + 1
          if (!apart) overlaps.push(`${id}: "${a.text}" on "${b.text}"`)
        }
      })
    }
    return { overlaps, clipped }
  })
  return { height, ...problems }
}

describe('report.html in headless Chromium', () => {
  let browser: Browser
  let htmlPath: string

  beforeAll(async () => {
    // Fail loudly: a skipped browser test would let a broken page through unnoticed.
    const missing = chromiumMissing()
    if (missing) throw new Error(`${missing}; .ci/run installs it in CI`)
    const results = parseResults(await readFile(FIXTURE, 'utf8'), FIXTURE)
    await mkdir(OUTPUT, { recursive: true })
    htmlPath = (await writeReport(results, join(OUTPUT, 'report'))).html
    browser = await launchChromium()
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

    const layout = await layoutProblems(page)
    expect(layout.overlaps).toEqual([])
    expect(layout.clipped).toEqual([])

    await page.close()
  })

  it('fits a default run (the reference run) in 15,000 px at 1280 px, labels apart, none cut off', async () => {
    const results = parseResults(await readFile(REFERENCE, 'utf8'), REFERENCE)
    expect(results.options.profile).toBe('default')
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(pathToFileURL((await writeReport(results, join(OUTPUT, 'reference'))).html).href, {
      waitUntil: 'load',
    })
    const layout = await layoutProblems(page)
    expect(layout.overlaps).toEqual([])
    expect(layout.clipped).toEqual([])
    expect(layout.height).toBeGreaterThan(1000)
    expect(layout.height).toBeLessThanOrEqual(MAX_HEIGHT)
    // The README's picture (npm run screenshot), from the reference run, never the fixture (issue 29):
    // the top of the page, where the findings and the requirements are.
    const screenshot = process.env.AUTHLAB_SCREENSHOT ?? join(OUTPUT, 'report.png')
    await page.screenshot({
      path: resolve(screenshot),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 2200 },
    })
    await page.close()
  })
})
