import { parseArgs } from 'node:util'
import { PROFILE_STAGE } from '../defaults.js'
import { renderProfileMarkdown } from '../profile/profile-report.js'
import { createProgress } from '../runner/progress.js'
import type { Command } from './command.js'
import { positive, refuseOldFlags } from '../runner/option-values.js'
import { profileStage, type ProfileStageConfig } from '../profile/stage.js'
import { applyOptions, optionFlags, optionRows } from './stage-options.js'
import { spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from './variant-flags.js'
import { runStageAlone } from './stage-alone.js'

/** The command line read and checked, before anything starts. */
export function parseProfileArgs(argv: readonly string[]): { config: ProfileStageConfig; out: string } {
  refuseOldFlags(argv, { '--seconds': '--profile-seconds' })
  const { values } = parseArgs({
    args: spreadVariantArgs(argv),
    options: {
      ...VARIANT_FLAGS,
      ...optionFlags(profileStage.options),
      rounds: { type: 'string' },
      out: { type: 'string', default: 'results' },
    },
  })
  const { full } = PROFILE_STAGE
  const config = {
    variants: variantsFromFlags(values),
    seconds: full.seconds,
    rounds: positive('rounds', values.rounds, true) ?? full.rounds,
  }
  return { config: applyOptions(profileStage.options, config, values), out: values.out }
}

export const profileCommand: Command = {
  name: 'profile',
  summary: "where each strategy's CPU µs go: V8 CPU profiles of the hot read, by category",
  usage: `authlab profile [--strategies LIST] [--variants V ...] [--profile-seconds S] [--rounds N] [--credential KIND] [--out DIR]

Serves the hot read (GET /api/me) in-process for every variant under V8's sampling CPU profiler,
subtracts the no-auth baseline, and splits what is left into categories by module and function:
signature/hash crypto, base64 and JSON, the Redis client, express-session, Express and routing, the
lab's own code, garbage collection, other (and CPU on other threads). Cross-checks each total against
the unprofiled in-process CPU measurement taken in the same rounds. Starts a private Redis (or uses
REDIS_URL).

Options:
  --strategies LIST    strategies to profile (default: none,jwt,session,apikey,paseto; none is always added)
  --variants V         extra variants, e.g. session:cache-ttl=5000  jwt:alg=ES256
  --only V ...         exactly these variants instead (none is always added)
${optionRows(profileStage.options, 'alone', 23)}
  --rounds N           rounds the profiled seconds are split over, in a new order each round (default ${PROFILE_STAGE.full.rounds})
  --out DIR            where results/<timestamp>/ goes (default ./results)

Writes results.json (section "profile"), summary.md, report.html / report.md, and one
profile-<variant>.cpuprofile per variant (open it in Chrome DevTools or speedscope.app).`,

  async run(argv) {
    const { config, out } = parseProfileArgs(argv)
    const { variants = [], seconds, credential } = config
    const progress = createProgress()
    const presenting = credential && credential !== 'valid' ? `, presenting a ${credential} credential` : ''
    progress.note(
      `authlab profile: ${variants.map((variant) => variant.id).join(', ')}, ${seconds} s each${presenting}`,
    )
    const { results, directory, report } = await runStageAlone({ profile: config }, out, progress)
    if (results.profile) console.log(`\n${renderProfileMarkdown(results.profile)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json, summary.md and the .cpuprofile files; report ${report.html}.`)
    return results.profile ? 0 : 1
  },
}
