/**
 * The one file of report/ that touches the disk: `authlab report` and the end of `npm run lab`
 * both call it, so the files are named and written in one place.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderHtml } from './render-html.js'
import { renderMarkdown } from './render-markdown.js'
import type { LabResults } from '../results/results-types.js'

/** Writes `report.html` and `report.md` into `directory` and returns their paths. */
export async function writeReport(results: LabResults, directory: string): Promise<{ html: string; md: string }> {
  await mkdir(directory, { recursive: true })
  const paths = { html: join(directory, 'report.html'), md: join(directory, 'report.md') }
  await writeFile(paths.html, renderHtml(results))
  await writeFile(paths.md, renderMarkdown(results))
  return paths
}
