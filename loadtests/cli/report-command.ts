import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ResultsFileError, parseResults } from '../report/results-file.js'
import type { LabResults } from '../stages.js'
import { writeReport } from '../report/write-report.js'
import { outputDirectory } from '../results/output-directory.js'
import { UsageError, type Command } from './command.js'

export const DEFAULT_RESULTS = 'results/latest/results.json'

/** Reads and checks a results file; a missing or foreign file is the user's mistake (exit 2), not a crash. */
export async function readResultsFile(path: string): Promise<LabResults> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT'
        ? `no such file: ${path} (run \`npm run lab\` first, or name a results.json)`
        : `cannot read ${path}: ${(error as Error).message}`,
    )
  }
  try {
    return parseResults(text, path)
  } catch (error) {
    if (error instanceof ResultsFileError) throw new UsageError(error.message)
    throw error
  }
}

/** The one optional `results.json` argument of report, guide and adr, read and checked. */
export async function readResultsArgument(
  positionals: readonly string[],
  fallback: string,
): Promise<{ path: string; results: LabResults }> {
  if (positionals.length > 1) throw new UsageError(`one results file at a time, got ${positionals.length}`)
  const path = resolve(positionals[0] ?? fallback)
  return { path, results: await readResultsFile(path) }
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'render report.html and report.md from a results.json (no server needed)',
  usage: `authlab report [results.json] [--out DIR]

Renders one self-contained report.html (inline SVG charts, no network: it opens offline, on a
projector and on paper) and report.md (the same tables in GitHub-flavoured Markdown) from a
results file alone.

Arguments:
  results.json   the run to render (default ${DEFAULT_RESULTS})
Options:
  --out DIR      write them under DIR/<the run's timestamp>/ and point DIR/latest there, as
                 every command's --out does (default: next to the results file)

Exit code: 0 when both files were written, 2 for a missing file or one that is not a results file.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' } },
      allowPositionals: true,
    })
    const { path: input, results } = await readResultsArgument(positionals, DEFAULT_RESULTS)
    let paths: { html: string; md: string } | undefined
    if (values.out === undefined) paths = await writeReport(results, dirname(input))
    else
      await outputDirectory(resolve(values.out), results.started_at, async (directory) => {
        paths = await writeReport(results, directory)
      })
    if (!paths) throw new Error('no report written')
    console.log(`Report: ${paths.html}\n        ${paths.md}`)
    return 0
  },
}
