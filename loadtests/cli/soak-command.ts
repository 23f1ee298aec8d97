import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../servers/core/config.js'
import { SOAK_DEFAULTS } from '../defaults.js'
import { createProgress } from '../runner/progress.js'
import { acquireRedis } from '../runner/redis-server.js'
import { runSoak, type SoakResult } from '../soak/soak-run.js'
import { outputDirectory } from '../results/output-directory.js'
import { UsageError, type Command } from './command.js'
import { spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from '../runner/variant-flags.js'

const { rssGrowthLimitPct: RSS_GROWTH_LIMIT_PCT, scryptLogN: SOAK_SCRYPT_LOG_N } = SOAK_DEFAULTS

function render(results: readonly SoakResult[]): string {
  const header = [
    'variant',
    'requests',
    'errors',
    'churn',
    'RSS MiB start/warm/end',
    'growth',
    'heap MiB start/warm/end',
    'growth',
    'loop delay p99 ms',
    '/health p50/p99/max ms',
    '/api/me p50/p99 ms',
  ]
  const rows = results.map((result) => [
    result.variant,
    String(result.requests),
    String(result.errors),
    `${result.churn_cycles - result.churn_errors.length}/${result.churn_cycles}`,
    `${result.rss_mib.start}/${result.rss_mib.after_warmup}/${result.rss_mib.end}`,
    `${result.rss_mib.growth_after_warmup_pct}%`,
    result.heap_mib
      ? `${result.heap_mib.start}/${result.heap_mib.after_warmup}/${result.heap_mib.end}`
      : 'n/a (no admin)',
    result.heap_mib ? `${result.heap_mib.growth_after_warmup_pct}%` : '',
    result.event_loop_delay_p99_ms === null ? 'n/a' : String(result.event_loop_delay_p99_ms),
    `${result.health_ms.p50}/${result.health_ms.p99}/${result.health_ms.max}`,
    `${result.latency_ms.p50}/${result.latency_ms.p99}`,
  ])
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)))
  const line = (row: string[]) => row.map((text, column) => text.padEnd(widths[column] ?? 0)).join('  ')
  const problems = results.flatMap((result) => [
    ...Object.entries(result.error_causes).map(
      ([cause, count]) => `${result.variant}: ${count} request(s) failed with ${cause}`,
    ),
    ...result.first_errors.map(
      (error) => `${result.variant}:   at ${error.at_s} s: status ${error.status} ${error.cause}`,
    ),
    ...result.churn_errors.map((error) => `${result.variant}: churn ${error}`),
  ])
  return [line(header), ...rows.map(line), ...problems].join('\n')
}

export const soakCommand: Command = {
  name: 'soak',
  summary: 'steady load for N minutes with login/logout/revoke churn: errors, memory, event-loop delay',
  usage: `authlab soak [--minutes N] [--strategies a,b] [--variants v ...] [--rate R]

Starts a private Redis (or uses REDIS_URL) and every strategy's server, then for N minutes sends
each one R requests per second of GET /api/me (as alice), and every 5 s logs admin in, reads /api/me
and /api/admin/stats and logs out (every 30 s: revoke-all instead). Reports:
  - errors: any status but 200, counted by cause (status and problem code, or the network error),
    with the time of the first few;
  - memory: the server's RSS (/proc/<pid>/status, every second) and V8 heap (/api/admin/stats,
    every 5 s) at start, after warm-up (the first fifth, at most 60 s) and at the end; the last
    two are medians over 30 s, so one garbage collection does not decide the verdict;
  - event-loop delay: the server's own p99, and GET /health latency once a second from outside.

Password hashing: scrypt at log2(N) = ${SOAK_SCRYPT_LOG_N} unless AUTHLAB_SCRYPT_LOG_N says otherwise. At the
real cost (17) every login allocates 128 MiB that the allocator returns to the system when it likes,
which swings RSS by tens of percent and hides a leak of a few MiB; a soak looks for leaks, not for
the price of a hash (the lab's login storm measures that).

Options:
  --minutes N        how long (default ${SOAK_DEFAULTS.minutes}; decimals allowed)
  --strategies a,b   pick from the default variants
  --variants v ...   more variants (e.g. jwt:revocation=denylist)
  --only v ...       exactly these variants instead
  --rate R           steady requests per second per server (default ${SOAK_DEFAULTS.rate})
  --out DIR          where soak.json and soak.md go: DIR/<timestamp>/, DIR/latest pointing there, as
                     every command's --out does (default ./results)

Exit code: 0 with no error and RSS growth after warm-up under ${RSS_GROWTH_LIMIT_PCT}% on every server, 1 otherwise.`,

  async run(argv) {
    const { values } = parseArgs({
      args: spreadVariantArgs(argv),
      options: {
        ...VARIANT_FLAGS,
        minutes: { type: 'string' },
        rate: { type: 'string' },
        out: { type: 'string', default: 'results' },
      },
    })
    const minutes = Number(values.minutes ?? SOAK_DEFAULTS.minutes)
    const rate = Number(values.rate ?? SOAK_DEFAULTS.rate)
    if (!(minutes > 0)) throw new UsageError('--minutes must be a positive number')
    if (!(rate > 0)) throw new UsageError('--rate must be a positive number')
    // The none baseline has nothing to soak but is cheap; keep what selectVariants gives.
    const variants = variantsFromFlags(values)
    // Said before anything starts: a soak without --minutes once ran its default quietly.
    if (values.minutes === undefined)
      console.error(`authlab soak: ${SOAK_DEFAULTS.minutes} minutes (the default; --minutes N to change)`)
    const startedAt = new Date().toISOString()
    const redis = await acquireRedis(process.env.REDIS_URL || undefined)
    let results: SoakResult[]
    try {
      const scryptLogN = process.env.AUTHLAB_SCRYPT_LOG_N ? loadConfig(process.env).scryptLogN : SOAK_SCRYPT_LOG_N
      const env = {
        redisUrl: redis.url,
        keyPrefix: `authlab-soak:${randomBytes(4).toString('hex')}:`,
        scryptLogN,
      }
      const progress = createProgress()
      results = await runSoak(variants, env, { minutes, rate }, progress)
      progress.end()
    } finally {
      await redis.stop()
    }
    const table = render(results)
    console.log(`\n${table}`)
    const directory = await outputDirectory(values.out, startedAt, async (into) => {
      await writeFile(join(into, 'soak.json'), `${JSON.stringify({ soak: results }, null, 2)}\n`)
      await writeFile(join(into, 'soak.md'), `${table}\n`)
    })
    console.log(`Results: ${directory}/soak.json and soak.md (also ${values.out}/latest)`)
    const ok = results.every(
      (result) =>
        result.errors === 0 &&
        result.churn_errors.length === 0 &&
        result.rss_mib.growth_after_warmup_pct < RSS_GROWTH_LIMIT_PCT,
    )
    if (!ok)
      console.error(
        `authlab soak: FAILED (errors, churn failures, or RSS growth of ${RSS_GROWTH_LIMIT_PCT}% or more after warm-up)`,
      )
    return ok ? 0 : 1
  },
}
