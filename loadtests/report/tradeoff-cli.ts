/**
 * npm run figure [results.json] [out.svg]: writes the slide figure of the trade-off (default: the
 * reference run into docs/tradeoff.svg). PNG: open the SVG in Chromium and screenshot it, optional.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { parseResults } from './results-file.js'
import { renderTradeoffSvg } from './tradeoff-figure.js'

const [source = 'docs/reference/results.json', out = 'docs/tradeoff.svg'] = process.argv.slice(2)
const results = parseResults(await readFile(source, 'utf8'), source)
await writeFile(out, renderTradeoffSvg(results, source))
console.log(`trade-off figure: ${out} (from ${source})`)
