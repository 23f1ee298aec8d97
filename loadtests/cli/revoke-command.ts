import { parseArgs } from 'node:util'
import { loadConfig } from '../../servers/core/config.js'
import { authenticates, strategyNames } from '../../servers/registry.js'
import type { RunOptions } from '../results/results-types.js'
import { writeReport } from '../report/write-report.js'
import { writeResults } from '../results/write-results.js'
import { ONE_STAGE_OPTIONS, REVOCATION_DEFAULTS, REVOKE_COMMAND_CACHE_TTLS_MS } from '../defaults.js'
import { REVOKE_KINDS, type RevokeKind } from '../revocation/revocation-experiment.js'
import { revocationVariants } from '../revocation/revocation-section.js'
import { renderRevocationTable } from '../revocation/revocation-table.js'
import { runLab } from '../lab/lab-run.js'
import { createProgress } from '../runner/progress.js'
import { parseVariant } from '../runner/variants.js'
import { readVariantFlags, spreadVariantArgs, VARIANT_FLAGS } from './variant-flags.js'
import { UsageError, type Command } from './command.js'
import { hasHaproxy } from '../runner/haproxy.js'

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

export const revokeCommand: Command = {
  name: 'revoke',
  summary: 'measure how long a revoked credential keeps working, per variant, on every replica',
  usage: `authlab revoke [variant ...] [--strategies LIST] [--replicas N] [--cache-ttl LIST] [options]

For each variant: starts N replicas on one Redis, logs in, drives steady load with the credential
over every replica, revokes it through the first (logout, then revoke-all from a second login),
and keeps loading until every replica has refused it for a second, or it expired. Reports the
window (revoke answered -> last accepted request) and the requests let through, per replica.

Options:
  --strategies LIST  strategies whose variants to cover (default: jwt,session,apikey,paseto): every
                     token revocation mode, and session/apikey with and without a cache
  variant ...        exactly these variants instead, e.g. jwt:revocation=denylist session:cache-ttl=5000
                     (also accepted after --variants)
  --replicas N       server processes per variant (default ${REVOCATION_DEFAULTS.replicas}); 1 hides the stale-cache problem
  --cache-ttl LIST   cache TTLs in ms for the cached variants (default ${REVOKE_COMMAND_CACHE_TTLS_MS.join(',')}); the first also with pub/sub
  --token-ttl S      credential lifetime in seconds (default ${REVOCATION_DEFAULTS.tokenTtlS})
  --rate R           requests per second over all replicas (default ${REVOCATION_DEFAULTS.ratePerSecond})
  --kinds LIST       logout, revoke-all (default both)
  --balancer haproxy send the load and the revoke through a real HAProxy in front of the replicas
                     (needs haproxy) instead of client-side round-robin; each answer's replica comes
                     from its X-Authlab-Replica header, so the per-replica windows still come out
  --out DIR          where results/<timestamp>/ goes (default ./results)

For the trade-off table with throughput measured in the same run, use npm run lab.`,

  async run(argv) {
    const { values, positionals } = parseArgs({
      args: spreadVariantArgs(argv),
      allowPositionals: true,
      options: {
        ...VARIANT_FLAGS,
        replicas: { type: 'string' },
        'cache-ttl': { type: 'string' },
        'token-ttl': { type: 'string' },
        rate: { type: 'string' },
        kinds: { type: 'string' },
        balancer: { type: 'string' },
        out: { type: 'string', default: 'results' },
      },
    })
    const flags = readVariantFlags(values)
    const strategies = flags.strategies ?? strategyNames().filter(authenticates)
    const cacheTtls = values['cache-ttl']
      ? list(values['cache-ttl']).map((ttl) => whole('cache-ttl', ttl, 0, 1))
      : REVOKE_COMMAND_CACHE_TTLS_MS
    if (values.balancer !== undefined && values.balancer !== 'haproxy')
      throw new UsageError(`--balancer takes haproxy, got "${values.balancer}"`)
    if (values.balancer && !hasHaproxy())
      throw new UsageError('--balancer haproxy needs haproxy: apt-get install haproxy')
    const kinds = values.kinds ? list(values.kinds) : [...REVOKE_KINDS]
    const unknownKind = kinds.find((kind) => !(REVOKE_KINDS as readonly string[]).includes(kind))
    if (unknownKind) throw new UsageError(`--kinds takes ${REVOKE_KINDS.join(', ')}, got "${unknownKind}"`)
    // Variants may follow --variants or stand on their own.
    const variantTexts = [...flags.variants, ...positionals]
    const variants = variantTexts.length
      ? variantTexts.map((text) => parseVariant(text))
      : revocationVariants(strategies, cacheTtls)
    const revocation = {
      variants,
      options: {
        ...REVOCATION_DEFAULTS,
        replicas: whole('replicas', values.replicas, REVOCATION_DEFAULTS.replicas, 1),
        tokenTtlS: whole('token-ttl', values['token-ttl'], REVOCATION_DEFAULTS.tokenTtlS, 1),
        ratePerSecond: whole('rate', values.rate, REVOCATION_DEFAULTS.ratePerSecond, 10),
        kinds: kinds as RevokeKind[],
        ...(values.balancer === 'haproxy' && { balancer: 'haproxy' as const }),
      },
    }
    const options: RunOptions = { ...ONE_STAGE_OPTIONS, revocation_variants: variants.map((variant) => variant.id) }
    const progress = createProgress()
    progress.note(
      `authlab revoke: ${variants.length} variants, ${revocation.options.replicas} replica(s) each, ${kinds.join(' and ')}`,
    )
    const results = await runLab({
      options,
      variants: [],
      revocation,
      scryptLogN: loadConfig(process.env).scryptLogN,
      redisUrl: process.env.REDIS_URL || undefined,
      progress,
    })
    const directory = await writeResults(results, values.out)
    const report = await writeReport(results, directory)
    if (results.revocation) console.log(`\n${renderRevocationTable(results.revocation, () => undefined)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(
      `Results: ${directory}/results.json and summary.md; report ${report.html}. Wall time ${Math.round(results.wall_time_s)} s.`,
    )
    return results.warnings.some((warning) => warning.includes('revocation not measured')) ? 1 : 0
  },
}
