import { parseArgs } from 'node:util'
import { FAILOVER } from '../defaults.js'
import { renderFailoverMarkdown } from './failover-table.js'
import { createProgress } from '../runner/progress.js'
import type { StageCommand } from '../runner/stage.js'
import { positive, refuseOldFlags, UsageError } from '../runner/option-values.js'
import { FAILOVER_OPTIONS } from './failover-options.js'
import { applyOptions, optionFlags, optionRows } from '../runner/stage-options.js'
import { failoverStageConfig } from './failover-plan.js'
import type { FailoverSection } from './failover-section.js'
import { chooseVariants, spreadVariantArgs, VARIANT_FLAGS } from '../runner/variant-flags.js'

const full = FAILOVER.full

/** The command line read and checked, before anything starts. */
export function parseFailoverArgs(argv: readonly string[]) {
  refuseOldFlags(argv, {
    '--durable-revocation': '--durability replica',
    '--without-durable': '--durability primary',
    '--both': '--durability primary,replica',
  })
  const { values } = parseArgs({
    args: spreadVariantArgs(argv),
    options: {
      ...VARIANT_FLAGS,
      replicas: { type: 'string' },
      ...optionFlags(FAILOVER_OPTIONS),
      rate: { type: 'string' },
      out: { type: 'string', default: 'results' },
    },
  })
  const variants = chooseVariants(values, (strategies) => failoverStageConfig('full', strategies).variants)
  if (variants.length === 0) throw new UsageError('no variant keeps state in Redis among those strategies')
  const options = {
    ...full,
    replicas: positive('replicas', values.replicas, true) ?? full.replicas,
    ratePerSecond: positive('rate', values.rate, true) ?? full.ratePerSecond,
  }
  return { ...applyOptions(FAILOVER_OPTIONS, { variants, options }, values), out: values.out }
}

export const failoverCommand: StageCommand = {
  name: 'failover',
  summary: 'kill the Redis primary under Sentinel, servers behind HAProxy: downtime, lost revocations',
  usage: `authlab failover [--strategies LIST | --only V ...] [--variants V ...] [--replicas N] [--durability LIST]

Per variant: a redis-server primary, one replica (its link delayed on purpose, see --lag) and three
redis-sentinel on free loopback ports; N server replicas (REDIS_SENTINELS) behind HAProxy, checked on
/health; steady paced GET /api/me through HAProxy, logouts in the last moments, then SIGKILL of the
primary. Reports per variant: unavailable_ms (first failed answer to a steady run of 2xx), failed
requests, p99, the sentinels' promotion time, and lost_revocations (logouts answered 204 whose
credential is accepted again after the failover). Needs redis-server, redis-sentinel and haproxy.

Options:
  --strategies LIST     strategies to cover (default: every one with state in Redis): each one's
                        stateful variants (denylist, session, API key)
  --variants V ...      more variants, added to those
  --only V ...          exactly these variants instead, e.g. jwt:revocation=denylist session
  --replicas N          server replicas per variant behind HAProxy (default ${full.replicas})
${optionRows(FAILOVER_OPTIONS, 'alone', 24)}
  --rate N              GET /api/me per second through HAProxy (default ${full.ratePerSecond})
  --out DIR             where results/<timestamp>/ goes (default ./results)

Writes results.json (section "failover"), summary.md and the report.`,

  async run(argv, alone) {
    const { variants, options, out } = parseFailoverArgs(argv)
    const progress = createProgress()
    progress.note(`authlab failover: ${variants.map((variant) => variant.id).join(', ')}`)
    const { results, directory, report } = await alone<{ failover: FailoverSection }>(
      { failover: { variants, options } },
      out,
      progress,
    )
    if (results.failover) console.log(`\n${renderFailoverMarkdown(results.failover)}`)
    for (const warning of results.warnings) console.log(`warning: ${warning}`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return results.failover ? 0 : 1
  },
}
