import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { compareResults } from '../report/compare.js'
import { renderComparisonMarkdown, renderComparisonText } from '../report/compare-render.js'
import { outputDirectory } from '../results/output-directory.js'
import { UsageError, type Command } from './command.js'
import { readResultsFile } from './report-command.js'

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two results.json: throughput, p99 and CPU per strategy',
  usage: `authlab compare old.json new.json [--out DIR] [--markdown out.md]

For every scenario and variant both runs measured: the change in req/s, ratio to the baseline, p99
and server CPU per request (and in-process CPU), old and new as median [interquartile range].
Judged are the ratios to the baseline and in-process CPU above it: a change is flagged ("better" /
"WORSE") when it is 0.05 or more (10 µs) and the two runs' 95% intervals do not overlap. A ratio
measured in fewer than 6 rounds has no interval: it is named as too few rounds to judge, never
counted as a change. Absolute req/s, p99 and CPU follow the machine's speed: shown, not judged.

A warning opens the comparison when the runs differ in profile, commit or machine.

Options:
  --out DIR         also write compare.md and compare.txt under DIR/<timestamp>/ and point
                    DIR/latest there, as every command's --out does (default: print only)
  --markdown FILE   also write the comparison as GitHub-flavoured Markdown to FILE

Exit code: 0 when compared, 2 for a missing file or one that is not a results file.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { markdown: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
    })
    const [oldPath, newPath, ...extra] = positionals
    if (!oldPath || !newPath || extra.length)
      throw new UsageError(`expected two results files (old.json new.json), got ${positionals.length}`)
    const comparison = compareResults(await readResultsFile(resolve(oldPath)), await readResultsFile(resolve(newPath)))
    const text = renderComparisonText(comparison)
    console.log(text)
    if (values.out) {
      const directory = await outputDirectory(resolve(values.out), new Date().toISOString(), async (into) => {
        await writeFile(join(into, 'compare.md'), renderComparisonMarkdown(comparison))
        await writeFile(join(into, 'compare.txt'), text)
      })
      console.log(`Comparison: ${directory}/compare.md and compare.txt`)
    }
    if (values.markdown) {
      const out = resolve(values.markdown)
      await writeFile(out, renderComparisonMarkdown(comparison))
      console.log(`Markdown: ${out}`)
    }
    return 0
  },
}
