/**
 * The one file of report/ that touches the disk: `authlab report` and the end of `npm run lab`
 * both call it, so the files are named and written in one place (results.json and summary.md too).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { outputDirectory } from '../results/output-directory.js'
import { renderHtml } from './render-html.js'
import { renderMarkdown } from './render-markdown.js'
import { renderSummary } from './render-summary.js'
import type { LabResults } from '../stages.js'

/** Writes `report.html` and `report.md` into `directory` and returns their paths. */
export async function writeReport(results: LabResults, directory: string): Promise<{ html: string; md: string }> {
  await mkdir(directory, { recursive: true })
  const paths = { html: join(directory, 'report.html'), md: join(directory, 'report.md') }
  await writeFile(paths.html, renderHtml(results))
  await writeFile(paths.md, renderMarkdown(results))
  return paths
}

/**
 * Writes `<root>/<timestamp>/results.json` and `summary.md` next to it, then points `<root>/latest`
 * at that directory (a symlink; a copy where symlinks are not allowed). Returns the directory.
 */
export async function writeResults(results: LabResults, root: string): Promise<string> {
  return outputDirectory(root, results.started_at, async (directory) => {
    await writeFile(join(directory, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
    await writeFile(join(directory, 'summary.md'), renderSummary(results))
  })
}
