import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { compareResults } from '../report/compare.js'
import { renderComparisonMarkdown, renderComparisonText } from '../report/compare-render.js'
import { UsageError, type Command } from './command.js'
import { readResultsFile } from './report-command.js'

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two results.json: throughput, p99 and CPU per strategy',
  usage: `authlab compare old.json new.json [--markdown out.md]

For every scenario and variant both runs measured: the change in req/s, ratio to the baseline, p99
and server CPU per request (and in-process CPU), old and new as median [interquartile range].
A change is flagged ("better" / "WORSE") only when the two runs' interquartile ranges do not
overlap: smaller moves are within the runs' own spread.

Options:
  --markdown FILE   also write the comparison as GitHub-flavoured Markdown

Exit code: 0 when compared, 2 for a missing file or one that is not a results file.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { markdown: { type: 'string' } },
      allowPositionals: true,
    })
    const [oldPath, newPath, ...extra] = positionals
    if (!oldPath || !newPath || extra.length)
      throw new UsageError(`expected two results files (old.json new.json), got ${positionals.length}`)
    const comparison = compareResults(await readResultsFile(resolve(oldPath)), await readResultsFile(resolve(newPath)))
    console.log(renderComparisonText(comparison))
    if (values.markdown) {
      const out = resolve(values.markdown)
      await writeFile(out, renderComparisonMarkdown(comparison))
      console.log(`Markdown: ${out}`)
    }
    return 0
  },
}
