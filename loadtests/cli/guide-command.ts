import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { renderDecisionGuide } from '../decision/decision-guide.js'
import type { Command } from './command.js'
import { readResultsArgument } from './report-command.js'

export const REFERENCE_RESULTS = 'docs/reference/results.json'
export const DECISION_GUIDE = 'docs/decision-guide.md'

export const guideCommand: Command = {
  name: 'guide',
  summary: 'write docs/decision-guide.md from a results.json (the reference run by default)',
  usage: `authlab guide [results.json] [--out FILE]

Writes the decision guide: when to pick which strategy, revocation, scaling, cost and the store
(each section only when the run measured it), every number taken from the results file, with the
method and the machine it ran on. test/decision-guide.test.ts fails when the committed guide differs
from what this command writes, so regenerate it after a new reference run.

Arguments:
  results.json   the run to read (default ${REFERENCE_RESULTS})
Options:
  --out FILE     where the guide goes (default ${DECISION_GUIDE})

Exit code: 0 when written, 2 for a missing file or one that is not a results file.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' } },
      allowPositionals: true,
    })
    const { path, results } = await readResultsArgument(positionals, REFERENCE_RESULTS)
    const out = resolve(values.out ?? DECISION_GUIDE)
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, renderDecisionGuide(results, relative(process.cwd(), path)))
    console.log(`Decision guide: ${out}`)
    return 0
  },
}
