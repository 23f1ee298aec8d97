import { parseArgs } from 'node:util'
import { PROFILE_STAGE } from '../defaults.js'
import { renderProfileMarkdown } from './profile-report.js'
import { createProgress } from '../runner/progress.js'
import type { StageCommand } from '../runner/stage.js'
import { positive, refuseOldFlags } from '../runner/option-values.js'
import { PROFILE_OPTIONS } from './profile-options.js'
import type { ProfileSection } from './profile-section.js'
import type { ProfileStageConfig } from './stage.js'
import { applyOptions, optionFlags, optionRows } from '../runner/stage-options.js'
import { spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from '../runner/variant-flags.js'

/** The command line read and checked, before anything starts. */
export function parseProfileArgs(argv: readonly string[]): { config: ProfileStageConfig; out: string } {
  refuseOldFlags(argv, { '--seconds': '--profile-seconds' })
  const { values } = parseArgs({
    args: spreadVariantArgs(argv),
    options: {
      ...VARIANT_FLAGS,
      ...optionFlags(PROFILE_OPTIONS),
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
  return { config: applyOptions(PROFILE_OPTIONS, config, values), out: values.out }
}

export const profileCommand: StageCommand = {
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
${optionRows(PROFILE_OPTIONS, 'alone', 23)}
  --rounds N           rounds the profiled seconds are split over, in a new order each round (default ${PROFILE_STAGE.full.rounds})
  --out DIR            where results/<timestamp>/ goes (default ./results)

Writes results.json (section "profile"), summary.md, report.html / report.md, and one
profile-<variant>.cpuprofile per variant (open it in Chrome DevTools or speedscope.app).`,

  async run(argv, alone) {
    const { config, out } = parseProfileArgs(argv)
    const { variants = [], seconds, credential } = config
    const progress = createProgress()
    const presenting = credential && credential !== 'valid' ? `, presenting a ${credential} credential` : ''
    progress.note(
      `authlab profile: ${variants.map((variant) => variant.id).join(', ')}, ${seconds} s each${presenting}`,
    )
    const { results, directory, report } = await alone<{ profile: ProfileSection }>({ profile: config }, out, progress)
    if (results.profile) console.log(`\n${renderProfileMarkdown(results.profile)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json, summary.md and the .cpuprofile files; report ${report.html}.`)
    return results.profile ? 0 : 1
  },
}
