import { writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { renderAdr } from '../decision/adr-draft.js'
import { runVariants } from '../decision/considered-only.js'
import { measuredVariants } from '../decision/variant-profile.js'
import { parseVariant } from '../runner/variants.js'
import { outputDirectory } from '../results/output-directory.js'
import { UsageError, type Command } from './command.js'
import { REFERENCE_RESULTS } from './guide-command.js'
import { readResultsArgument } from './report-command.js'

export const adrCommand: Command = {
  name: 'adr',
  summary: 'print an Architecture Decision Record draft (MADR) with the measured numbers',
  usage: `authlab adr [results.json] [--option VARIANT ...] [--out DIR]

Prints a decision record draft in the MADR layout: front matter (status: proposed, today's date,
deciders left for you), Context and Problem Statement, Decision Drivers,
Considered Options, Decision Outcome (left for you to fill in), Pros and Cons of the Options with
the numbers this run measured, More Information. Findings, drivers and "smallest credential" are
drawn from the considered options only; the run's other variants are named on one "Not considered"
line. Redirect it into your docs/decisions/ folder.

Arguments:
  results.json       the run to read (default ${REFERENCE_RESULTS})
Options:
  --option VARIANT   a considered option, repeatable, e.g. --option jwt --option session
                     (any variant id of the run; default: every measured strategy but the baseline)
  --out DIR          also write it to DIR/<the run's timestamp>/adr.md and point DIR/latest there,
                     as every command's --out does (default: print only)

Exit code: 0 when printed, 2 for a missing file or an option the run did not measure.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { option: { type: 'string', multiple: true }, out: { type: 'string' } },
      allowPositionals: true,
    })
    const { path, results } = await readResultsArgument(positionals, REFERENCE_RESULTS)
    const known = runVariants(results)
    // Canonical ids: `jwt:revocation=denylist,cache-ttl=1000` is the run's `jwt:cache-ttl=1000,revocation=denylist`.
    const options = values.option?.map((option) => parseVariant(option).id) ?? measuredVariants(results)
    const unknown = options.filter((option) => !known.includes(option))
    if (unknown.length)
      throw new UsageError(`not measured in this run: ${unknown.join(', ')}; it has ${known.join(', ')}`)
    if (options.length === 0) throw new UsageError('no option to consider: the run measured no strategy')
    // The draft is dated today (MADR's front matter); its numbers are dated by the run it names.
    const adr = renderAdr(results, options, relative(process.cwd(), path), new Date().toISOString().slice(0, 10))
    console.log(adr)
    if (values.out) {
      const directory = await outputDirectory(resolve(values.out), results.started_at, (into) =>
        writeFile(join(into, 'adr.md'), adr),
      )
      console.error(`ADR: ${directory}/adr.md`)
    }
    return 0
  },
}
