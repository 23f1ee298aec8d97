import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../servers/core/config.js'
import { secretVariables } from '../../servers/registry.js'
import { renderAttackMatrix } from '../attacks/attack-matrix.js'
import type { AttackSection } from '../attacks/attack-section.js'
import { runAttacksOnTarget, runAttackStage } from '../attacks/attack-stage.js'
import { CATALOGUE } from '../attacks/catalogue.js'
import { keysFromEnv } from '../attacks/server-keys.js'
import { CHEAP_SCRYPT_LOG_N } from '../runner/lab-servers.js'
import { createProgress } from '../runner/progress.js'
import { acquireRedis } from '../runner/redis-server.js'
import { ATTACK_DEFAULTS } from '../defaults.js'
import { parseVariant, selectVariants } from '../runner/variants.js'
import { outputDirectory } from '../results/output-directory.js'
import { UsageError, type Command } from './command.js'
import { bareAsOnly, spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from '../runner/variant-flags.js'

/**
 * The password-hash cost of the servers `authlab attack` starts: cheap unless the user sets one.
 * At the real cost (2^17) the ~130 logins per variant were 45 s of its run; no login is measured
 * here, and the enumeration check compares a hash against no hash, 10x apart or more at any cost.
 */
export const attackScryptLogN = (env: NodeJS.ProcessEnv): number =>
  env.AUTHLAB_SCRYPT_LOG_N ? loadConfig(env).scryptLogN : CHEAP_SCRYPT_LOG_N

export const attackCommand: Command = {
  name: 'attack',
  summary: `run the attack catalogue (${CATALOGUE.length} attacks) against every strategy; exit 1 if any got through`,
  usage: `authlab attack [--strategies a,b] [--variants v1 v2 ...] [--out DIR] [--no-timing]
       authlab attack --target URL --strategy VARIANT [--max-failures N] [--json out.json]

Starts a private Redis (or uses REDIS_URL) and, for each variant, a server started with keys this
command generates (so it can forge tokens that are valid but for one defect) plus a second server
with a failed-login limit of ${ATTACK_DEFAULTS.lockoutMaxFailures} for the brute-force attack. Runs the catalogue over HTTP and prints
the matrix: attack x variant, "ok <status>" when refused as expected, "ACCEPTED" when the attack
got through, "??" when refused otherwise, "-" when not applicable.

Options:
  --strategies a,b     pick from the default variants (${selectVariants(undefined, [])
    .map((variant) => variant.id)
    .join(', ')})
  --variants v ...     more variants, e.g. jwt:alg=ES256 jwt:revocation=denylist session:store=memory
  --only v ...         exactly these variants instead (also: the variants given bare)
  --target URL         attack a running server instead (needs --strategy, e.g. jwt:revocation=refresh).
                       Key-dependent attacks run only if ${secretVariables()
                         .map((variable) => variable.name)
                         .join(' / ')} in this env are the server's. Start it with a high
                       AUTHLAB_LOGIN_MAX_FAILURES: brute force runs last, enumeration makes 100 failed logins.
  --max-failures N     the target's AUTHLAB_LOGIN_MAX_FAILURES (default ${ATTACK_DEFAULTS.targetMaxFailures})
  --out DIR            also write attacks.json (the section, as in results.json) and attacks.md
                       under DIR/<timestamp>/, DIR/latest pointing there, as every command's
                       --out does (default: print only)
  --json FILE          also write the attacks section (as in results.json) to FILE
  --no-timing          skip the user-enumeration timing comparison
  --flood              also run the flood check: ${ATTACK_DEFAULTS.floodRequests} requests of each refused kind (malformed, bad
                       signature, unknown, expired) per strategy, then the store, the heap and a real
                       login must be as before. Opt-in: about a minute, where the default takes under 30 s.
  --flood-requests N   requests per kind for the flood check (implies --flood; default ${ATTACK_DEFAULTS.floodRequests})

Environment: AUTHLAB_SCRYPT_LOG_N (password-hash cost of the servers; default ${CHEAP_SCRYPT_LOG_N}, a
cheap one: no login is measured here, and the enumeration check only needs the hash to be the
bulk of a login, which it is at any cost; set 17 for the real one).
Exit code: 0 when every attack was refused as expected, 1 otherwise, 2 for a bad option.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: spreadVariantArgs(argv),
      allowPositionals: true,
      options: {
        ...VARIANT_FLAGS,
        target: { type: 'string' },
        strategy: { type: 'string' },
        'max-failures': { type: 'string' },
        json: { type: 'string' },
        out: { type: 'string' },
        'no-timing': { type: 'boolean' },
        flood: { type: 'boolean' },
        'flood-requests': { type: 'string' },
      },
    })
    const startedAt = new Date().toISOString()
    const floodRequests =
      values['flood-requests'] !== undefined
        ? Number(values['flood-requests'])
        : values.flood
          ? ATTACK_DEFAULTS.floodRequests
          : 0
    if (!Number.isInteger(floodRequests) || floodRequests < 0)
      throw new UsageError('--flood-requests must be a whole number')
    const progress = createProgress()
    const timing = !values['no-timing']
    let section: AttackSection
    // A flag the chosen mode would ignore is refused: `--strategy jwt` without --target once ran the
    // whole matrix (minutes) instead of saying so.
    if (!values.target) {
      const ignored = (['strategy', 'max-failures'] as const).filter((flag) => values[flag] !== undefined)
      if (ignored.length)
        throw new UsageError(
          `${ignored.map((flag) => `--${flag}`).join(' and ')} only apply with --target URL (a running server); to attack servers this command starts, pick them with --strategies, --variants or --only`,
        )
    } else {
      const ignored = (['strategies', 'variants', 'only'] as const).filter((flag) => values[flag] !== undefined)
      if (ignored.length || positionals.length)
        throw new UsageError(
          `--target attacks one running server, named with --strategy VARIANT; ${ignored.length ? ignored.map((flag) => `--${flag}`).join(', ') : `"${positionals[0]}"`} would be ignored`,
        )
    }
    if (values.target) {
      if (!values.strategy) throw new UsageError('--target needs --strategy (the variant the target runs)')
      const maxFailures = Number(values['max-failures'] ?? ATTACK_DEFAULTS.targetMaxFailures)
      if (!Number.isInteger(maxFailures) || maxFailures < 1)
        throw new UsageError('--max-failures must be a whole number from 1')
      section = await runAttacksOnTarget(
        values.target,
        parseVariant(values.strategy),
        await keysFromEnv(process.env),
        progress,
        { timing, maxFailures, floodRequests },
      )
    } else {
      const variants = variantsFromFlags(bareAsOnly(values, positionals))
      const redis = await acquireRedis(process.env.REDIS_URL || undefined)
      try {
        const env = {
          redisUrl: redis.url,
          keyPrefix: `authlab-attack:${randomBytes(4).toString('hex')}:`,
          scryptLogN: attackScryptLogN(process.env),
        }
        section = await runAttackStage(variants, env, progress, { timing, floodRequests })
      } finally {
        await redis.stop()
      }
    }
    progress.end()
    const matrix = renderAttackMatrix(section)
    console.log(`\n${matrix}`)
    if (values.out) {
      const directory = await outputDirectory(values.out, startedAt, async (into) => {
        await writeFile(join(into, 'attacks.json'), `${JSON.stringify({ attacks: section }, null, 2)}\n`)
        await writeFile(join(into, 'attacks.md'), `${matrix}\n`)
      })
      console.log(`Results: ${directory}/attacks.json and attacks.md`)
    }
    if (values.json) await writeFile(values.json, `${JSON.stringify({ attacks: section }, null, 2)}\n`)
    if (section.totals.accepted > 0) {
      console.error(
        `\n${'!'.repeat(72)}\n!!! ${section.totals.accepted} ATTACK(S) ACCEPTED: a server let an attack through (see above) !!!\n${'!'.repeat(72)}`,
      )
    }
    if (!section.passed) console.error('authlab attack: FAILED (not every attack was refused as expected)')
    return section.passed ? 0 : 1
  },
}
