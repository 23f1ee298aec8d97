import { parseArgs } from 'node:util'
import { authenticates, strategyNames } from '../../servers/registry.js'
import { REVOCATION_DEFAULTS, REVOKE_COMMAND_CACHE_TTLS_MS } from '../defaults.js'
import { revocationVariants, type RevocationSection } from './revocation-section.js'
import { renderRevocationTable } from './revocation-table.js'
import { createProgress } from '../runner/progress.js'
import { bareAsOnly, chooseVariants, spreadVariantArgs, VARIANT_FLAGS } from '../runner/variant-flags.js'
import type { StageCommand } from '../runner/stage.js'
import { applyOptions, optionFlags, optionRows } from '../runner/stage-options.js'
import { REVOCATION_OPTIONS } from './revocation-options.js'
import type { RevocationStageConfig } from './stage.js'
import { parseDuration, UsageError } from '../runner/option-values.js'

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)

function whole(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${raw}"`)
  return value
}

/** The command line read and checked, before anything starts. */
export function parseRevokeArgs(argv: readonly string[]): { revocation: RevocationStageConfig; out: string } {
  const { values, positionals } = parseArgs({
    args: spreadVariantArgs(argv),
    allowPositionals: true,
    options: {
      ...VARIANT_FLAGS,
      replicas: { type: 'string' },
      'cache-ttl': { type: 'string' },
      ...optionFlags(REVOCATION_OPTIONS),
      rate: { type: 'string' },
      out: { type: 'string', default: 'results' },
    },
  })
  const cacheTtls = values['cache-ttl']
    ? list(values['cache-ttl']).map((ttl) => parseDuration('--cache-ttl', ttl, 'ms', { min: 1 }))
    : REVOKE_COMMAND_CACHE_TTLS_MS
  // --cache-ttl shapes the default set; with --only the variants say their own TTLs.
  if (values['cache-ttl'] !== undefined && (values.only !== undefined || positionals.length > 0))
    throw new UsageError(
      '--cache-ttl sets the TTLs of the default set, which --only replaces: write the TTL in the variant (session:cache-ttl=5000)',
    )
  // --variants adds to the default set, --only (or variants given bare) replaces it.
  const variants = chooseVariants(bareAsOnly(values, positionals), (strategies) =>
    revocationVariants(strategies ?? strategyNames().filter(authenticates), cacheTtls),
  )
  const revocation = applyOptions(
    REVOCATION_OPTIONS,
    {
      variants,
      options: {
        ...REVOCATION_DEFAULTS,
        replicas: whole('replicas', values.replicas, REVOCATION_DEFAULTS.replicas, 1),
        ratePerSecond: whole('rate', values.rate, REVOCATION_DEFAULTS.ratePerSecond, 10),
      },
    },
    values,
  )
  return { revocation, out: values.out }
}

export const revokeCommand: StageCommand = {
  name: 'revoke',
  summary: 'measure how long a revoked credential keeps working, per variant, on every replica',
  usage: `authlab revoke [--only V ... | --strategies LIST] [--variants V ...] [--replicas N] [--cache-ttl LIST] [options]

For each variant: starts N replicas on one Redis, logs in, drives steady load with the credential
over every replica, revokes it through the first (logout, then revoke-all from a second login),
and keeps loading until every replica has refused it for a second, or it expired. Reports the
window (revoke answered -> last accepted request) and the requests let through, per replica.

Options:
  --strategies LIST  strategies whose variants to cover (default: ${strategyNames().filter(authenticates).join(',')}): every
                     token revocation mode, and session/apikey with and without a cache
  --variants V ...   more variants, added to those, e.g. jwt:alg=ES256,revocation=denylist
  --only V ...       exactly these variants instead, e.g. jwt:revocation=denylist session:cache-ttl=5000
  variant ...        the same as --only
  --replicas N       server processes per variant (default ${REVOCATION_DEFAULTS.replicas}); 1 hides the stale-cache problem
  --cache-ttl LIST   cache TTLs of the default set's cached variants, in ms or with a unit (500ms,
                     5s; default ${REVOKE_COMMAND_CACHE_TTLS_MS.join(',')}); the first also with pub/sub
  --rate R           requests per second over all replicas (default ${REVOCATION_DEFAULTS.ratePerSecond})
${optionRows(REVOCATION_OPTIONS, 'alone', 21)}
  --out DIR          where results/<timestamp>/ goes (default ./results)

For the trade-off table with throughput measured in the same run, use npm run lab.`,

  async run(argv, alone) {
    const { revocation, out } = parseRevokeArgs(argv)
    const { variants } = revocation
    const progress = createProgress()
    progress.note(
      `authlab revoke: ${variants.length} variants, ${revocation.options.replicas} replica(s) each, ${revocation.options.kinds.join(' and ')}`,
    )
    const { results, directory, report } = await alone<{ revocation: RevocationSection }>(
      { revocation },
      out,
      progress,
      {
        revocation_variants: variants.map((variant) => variant.id),
      },
    )
    if (results.revocation) console.log(`\n${renderRevocationTable(results.revocation, () => undefined)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(
      `Results: ${directory}/results.json and summary.md; report ${report.html}. Wall time ${Math.round(results.wall_time_s)} s.`,
    )
    return results.warnings.some((warning) => warning.includes('revocation not measured')) ? 1 : 0
  },
}
