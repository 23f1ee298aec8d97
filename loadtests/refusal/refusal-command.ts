import { parseArgs } from 'node:util'
import { PROFILES } from '../defaults.js'
import { REFUSAL_DEFAULTS, refusalVariants } from './refusal-stage.js'
import { renderRefusalMarkdown } from './refusal-report.js'
import { revocationVariants } from '../revocation/revocation-section.js'
import { createProgress } from '../runner/progress.js'
import type { StageCommand } from '../runner/stage.js'
import type { RefusalSection } from './refusal-section.js'
import { positive } from '../runner/option-values.js'
import { spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from '../runner/variant-flags.js'

const { connections, burst_s: burstS, pre_burst_s: preBurstS } = PROFILES.default

export const refusalCommand: StageCommand = {
  name: 'refusal',
  summary: 'what a refused credential costs: the hot read with malformed, forged, unknown, expired ones',
  usage: `authlab refusal [--strategies LIST] [--variants V ...] [--only V ...] [--rounds N] [--out DIR]

The hot read (GET /api/me) presenting, for each variant, its valid credential and every kind of
credential it must refuse with a 401: malformed; a bad signature (jwt, paseto; a key tagged without
the server's secret); well-formed but unknown (a random API key with a valid tag, a signed cookie
for no session, a token revoked in denylist mode); expired. Measured as the hot read is:
${connections} connections, ${burstS} s bursts, each after ${preBurstS} s of unmeasured load, the none
baseline between every two; one variant at a time, in rounds of its own (a server that idles while
others run reads slower when loaded again, and the baseline never idles). For each: the ratio to none with its 95%
interval, server CPU µs and Redis commands per request, the statuses seen (a burst with any status
but the expected one is left out), and whether the refusal costs a store command. Starts a private
Redis (or uses REDIS_URL) and servers of its own, with secrets it knows.

Options:
  --strategies LIST  strategies to refuse (default: every one that hands out a credential; each
                     adds its denylist variant, where a revoked token is one more kind)
  --variants V       extra variants, e.g. jwt:alg=ES256  paseto:revocation=denylist
  --only V ...       exactly these variants instead
  --rounds N         rounds (default ${REFUSAL_DEFAULTS.rounds}, the fewest that give a 95% interval)
  --out DIR          where results/<timestamp>/ goes (default ./results)

Writes results.json (section "refusal"), summary.md, report.html and report.md. Exit code 1 when a
refused credential got any answer but 401.`,

  async run(argv, alone) {
    const { values } = parseArgs({
      args: spreadVariantArgs(argv),
      options: { ...VARIANT_FLAGS, rounds: { type: 'string' }, out: { type: 'string', default: 'results' } },
    })
    const chosen = variantsFromFlags(values)
    // Each strategy's store-checking variant comes along unless the variants were named exactly.
    const denylists = values.only
      ? []
      : revocationVariants(
          chosen.map((variant) => variant.strategy),
          [],
          false,
        )
    const variants = refusalVariants([...chosen, ...denylists]).filter(
      (variant, index, all) => all.findIndex((other) => other.id === variant.id) === index,
    )
    const rounds = positive('rounds', values.rounds, true) ?? REFUSAL_DEFAULTS.rounds
    const progress = createProgress()
    progress.note(`authlab refusal: ${variants.map((variant) => variant.id).join(', ')}, ${rounds} rounds`)
    const { results, directory, report } = await alone<{ refusal: RefusalSection }>(
      { refusal: { variants, rounds } },
      values.out,
      progress,
    )
    if (results.refusal) console.log(`\n${renderRefusalMarkdown(results.refusal)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.refusal && !results.warnings.some((warning) => warning.startsWith('refusal stage')) ? 0 : 1
  },
}
