/** The report's tables as data (see table-model.ts), built from report-data.ts. */
import { formatInterval, formatNumber, formatSpread, formatSpreadNumber } from '../render/format.js'
import type { CostRow, ThroughputRow } from './report-data.js'
import { cheapestText, type RequirementRow } from './requirements.js'
import type { Table } from '../render/table-model.js'
import type { LabResults } from '../stages.js'
import { targetsMethodRows } from './targets-method.js'
import { hashCost } from '../results/environment.js'

export function throughputTable(rows: readonly ThroughputRow[]): Table {
  return {
    header: ['variant', 'req/s median [IQR]', 'min–max', 'ratio to baseline [IQR]', '95% interval', 'valid bursts'],
    numeric: [1, 2, 3, 4, 5],
    rows: rows.map((row) => [
      row.variant,
      formatSpreadNumber(row.rps),
      `${formatNumber(row.min)}–${formatNumber(row.max)}`,
      formatSpread(row.ratio),
      formatInterval(row.ratio),
      `${row.validBursts}/${row.bursts}`,
    ]),
  }
}

export function latencyTable(rows: readonly ThroughputRow[]): Table {
  return {
    header: ['variant', 'p50 ms', 'p90 ms', 'p97.5 ms', 'p99 ms', 'max ms'],
    numeric: [1, 2, 3, 4, 5],
    rows: rows.map((row) => {
      const latency = row.latency
      return [
        row.variant,
        ...(latency
          ? [latency.p50, latency.p90, latency.p97_5, latency.p99, latency.max].map(formatNumber)
          : ['–', '–', '–', '–', '–']),
      ]
    }),
  }
}

export function costTable(rows: readonly CostRow[], scenario: string): Table {
  return {
    header: [
      'variant',
      `server CPU µs/req, HTTP ${scenario} [IQR]`,
      'in-process µs/req',
      '= baseline µs',
      '+ auth µs [IQR]',
      'Redis CPU µs/req',
      'Redis cmds/req',
      'credential bytes',
    ],
    numeric: [1, 2, 3, 4, 5, 6, 7],
    rows: rows.map((row) => [
      row.variant,
      formatSpreadNumber(row.httpCpuUs),
      formatNumber(row.inProcessUs?.median),
      formatNumber(row.baselinePartUs),
      formatSpreadNumber(row.authPartUs),
      formatNumber(row.redisCpuUs?.median),
      formatNumber(row.redisCommands?.median),
      String(row.credentialBytes),
    ]),
  }
}

const REDIS_SOURCE = {
  started: 'started for this run',
  REDIS_URL: 'from REDIS_URL',
  targets: "the targets' own",
} as const

/** What a reader needs to judge the numbers: machine, software, and how the load was given. */
export function methodTable(results: LabResults): Table {
  const { environment: env, options } = results
  return {
    header: ['method', 'this run'],
    rows: [
      [env.targets ? 'load generator' : 'machine', `${env.cpu_count} × ${env.cpu_model}, ${env.os}`],
      ['Node', env.node],
      ['Redis', `${env.redis_version} (${REDIS_SOURCE[env.redis_source]})`],
      [
        'libraries',
        Object.entries(env.libraries)
          .map(([name, version]) => `${name} ${version}`)
          .join(', '),
      ],
      [
        'pinning',
        env.pinned
          ? `servers on CPUs ${env.pinning?.server_cpus ?? '?'}, load generator on ${env.pinning?.loadgen_cpus ?? '?'}`
          : 'not pinned',
      ],
      [
        'profile',
        `${options.profile}, ${Math.round(results.wall_time_s)} s wall time` +
          (results.stage_seconds
            ? ` (${Object.entries(results.stage_seconds)
                .map(([stage, seconds]) => `${stage} ${Math.round(seconds)} s`)
                .join(', ')})`
            : ''),
      ],
      [
        'warm-up',
        `${options.warmup_s} s per server, not measured` +
          (options.read_order === 'blocks' ? ', and again right before each visit of its block of reads' : '') +
          (options.pre_burst_s ? `; ${options.pre_burst_s} s pre-burst right before every measured read burst` : ''),
      ],
      ['burst duration', `${options.burst_s} s (login ${options.login_burst_s} s, sweep ${options.sweep_burst_s} s)`],
      ['connections', `${options.connections} (sweep: ${options.sweep_connections.join(', ') || 'off'})`],
      [
        'repeats',
        `rounds: hot read ${options.rounds}, realistic read ${options.realistic_rounds}, logins ${options.login_rounds}, ` +
          (options.hot_read_only_rounds !== undefined
            ? `revocation variants ${options.hot_read_only_rounds} (${options.hot_read_only_burst_s} s bursts), `
            : '') +
          `sweep ${options.sweep_rounds} per level, in-process ${options.cpu_rounds}`,
      ],
      [
        'baseline',
        `a ${results.baseline} burst between every two others in the read ${options.read_order === 'blocks' ? 'blocks (a variant, or the variants compared with each other; each block visited twice, in mirrored order)' : 'rounds'}; each ratio against the mean of its two neighbours`,
      ],
      ['password hash', hashCost(env)],
      ['commit', env.git_commit ?? 'unknown'],
      ...targetsMethodRows(env),
    ],
  }
}

/** Requirement → the variants meeting it → the cheapest of them (highest hot-read ratio). */
export function requirementsTable(rows: readonly RequirementRow[]): Table {
  return {
    header: [
      'requirement',
      'met by (this run)',
      'cheapest of them: hot-read ratio to baseline',
      'how this run decided',
    ],
    rows: rows.map((row) => [
      row.requirement,
      row.meeting === undefined
        ? { text: 'not measured', tone: 'muted' as const }
        : row.meeting.length
          ? row.meeting.join(', ')
          : { text: 'none of the measured variants', tone: 'bad' as const },
      cheapestText(row),
      row.test,
    ]),
  }
}
