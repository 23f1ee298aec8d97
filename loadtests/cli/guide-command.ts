import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { renderDecisionGuide } from '../decision/decision-guide.js'
import { outputDirectory } from '../results/output-directory.js'
import { UsageError, type Command } from './command.js'
import { readResultsArgument } from './report-command.js'

export const REFERENCE_RESULTS = 'docs/reference/results.json'
export const DECISION_GUIDE = 'docs/decision-guide.md'

export const guideCommand: Command = {
  name: 'guide',
  summary: 'write docs/decision-guide.md from a results.json (the reference run by default)',
  usage: `authlab guide [results.json] [--out DIR]

Writes the decision guide: when to pick which strategy, revocation, scaling, cost and the store
(each section only when the run measured it), every number taken from the results file, with the
method and the machine it ran on. test/decision-guide.test.ts fails when the committed guide differs
from what this command writes, so regenerate it after a new reference run.

Arguments:
  results.json   the run to read (default ${REFERENCE_RESULTS})
Options:
  --out DIR      write it to DIR/<the run's timestamp>/decision-guide.md and point DIR/latest
                 there, as every command's --out does (default: ${DECISION_GUIDE}, the committed
                 guide, which the test compares with the reference run)

Exit code: 0 when written, 2 for a missing file or one that is not a results file.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' } },
      allowPositionals: true,
    })
    const { path, results } = await readResultsArgument(positionals, REFERENCE_RESULTS)
    const guide = renderDecisionGuide(results, relative(process.cwd(), path))
    let out = resolve(DECISION_GUIDE)
    if (values.out === undefined) {
      await mkdir(dirname(out), { recursive: true })
      await writeFile(out, guide)
    } else {
      // --out once named a file: refused rather than a directory made with a file's name.
      if (values.out.endsWith('.md'))
        throw new UsageError(
          `--out takes a directory (the guide goes to DIR/<timestamp>/decision-guide.md), got "${values.out}"`,
        )
      const directory = await outputDirectory(resolve(values.out), results.started_at, (into) =>
        writeFile(join(into, 'decision-guide.md'), guide),
      )
      out = join(directory, 'decision-guide.md')
    }
    console.log(`Decision guide: ${out}`)
    return 0
  },
}
