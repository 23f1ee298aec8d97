import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { runDirectoryName } from '../results/output-directory.js'
import { randomBytes } from 'node:crypto'
import { cpus } from 'node:os'
import { nearCeiling } from '../experiments/ceiling.js'
import { describeEnvironment } from '../results/environment.js'
import { RESULTS_SCHEMA_VERSION, type Environment, type RunOptions, type RunResults } from '../results/results-types.js'
import { collectWarnings } from '../results/warnings.js'
import { CHEAP_SCRYPT_LOG_N, type LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import { createRedisProbe } from '../runner/redis-stats.js'
import { acquireRedis, REDIS_MISSING_HELP, RedisUnavailableError } from '../runner/redis-server.js'
import { BASELINE_ID, type VariantSpec } from '../runner/variants.js'
import { plannedTargets, prepareSeconds, prepareTargets } from '../runner/prepare-targets.js'
import type { Stage, StageContext } from '../runner/stage.js'
import { LAB_STAGES, STAGE_NAMES, type LabResults, type StageConfigs } from '../stages.js'
import { prepareRemoteTargets } from './prepare-remote.js'
import type { TargetsPlan } from './targets-file.js'
import { targetsRecord } from './targets-record.js'

export interface LabRunConfig {
  readonly options: RunOptions
  readonly variants: readonly VariantSpec[]
  /** Extra variants for the hot read only: the revocation variants the main set lacks. */
  readonly hotReadOnly?: readonly VariantSpec[]
  /** What the command asks of each stage, by name (each stage says what it does without). */
  readonly configs?: StageConfigs
  /** Stage names to leave out (`--skip`). */
  readonly skip?: readonly string[]
  /** The stages, in order: the list of loadtests/stages.ts (a test adds a toy stage). */
  readonly stages?: readonly Stage[]
  /** Where the results will be written (default `results`): the profile stage writes files there. */
  readonly resultsRoot?: string
  readonly scryptLogN: number
  /** A Redis to use instead of starting one (REDIS_URL). */
  readonly redisUrl: string | undefined
  /** Servers that already run (`--targets`): nothing is started, stages that would start servers are left out. */
  readonly targets?: TargetsPlan
  readonly progress: Progress
}

/** Servers on every CPU but the first, the load generator (this process) on the first. */
function pinCpus(pin: boolean): Environment['pinning'] {
  if (!pin) return undefined
  const count = cpus().length
  if (count < 2) throw new TypeError('--pin needs at least 2 CPUs')
  const pinning = { server_cpus: count === 2 ? '1' : `1-${count - 1}`, loadgen_cpus: '0' }
  const result = spawnSync('taskset', ['-pc', pinning.loadgen_cpus, String(process.pid)], { stdio: 'ignore' })
  if (result.status !== 0) throw new TypeError('--pin needs the taskset command (util-linux)')
  return pinning
}

/** The run's own Redis (started, or REDIS_URL) and the probe that reads its counters. */
async function openRedis(redisUrl: string | undefined, progress: Progress) {
  const redis = await acquireRedis(redisUrl)
  try {
    const probe = await createRedisProbe(redis.url)
    progress.note(
      `Redis ${probe.version} at ${redis.url} (${redis.source === 'started' ? 'started for this run, no persistence' : 'from REDIS_URL'})`,
    )
    return { redis, probe }
  } catch (error) {
    await redis.stop()
    throw new RedisUnavailableError(
      `Cannot reach Redis at ${redis.url} (${(error as Error).message}).\n${REDIS_MISSING_HELP}`,
    )
  }
}

/**
 * A whole lab run: Redis, every server started and checked against the contract, then each stage of
 * the list in loadtests/stages.ts in turn, less those skipped; then everything stopped and one
 * results object returned, with each stage's sections and failures. With `targets`, no Redis and no
 * server is started: the targets are checked (prepare-remote.ts) and loaded, each with its own
 * Redis, and the stages that need servers of their own are left out (targets-record.ts says why).
 */
export async function runLab({
  options,
  variants,
  hotReadOnly = [],
  configs = {},
  skip = [],
  stages: list = LAB_STAGES,
  resultsRoot = 'results',
  scryptLogN,
  redisUrl,
  targets,
  progress,
}: LabRunConfig): Promise<LabResults> {
  const startedAt = new Date()
  const pinning = pinCpus(options.pin)
  const local = targets ? undefined : await openRedis(redisUrl, progress)
  const keyPrefix = `authlab-lab:${randomBytes(4).toString('hex')}:`

  const serverEnv: LabServerEnv = {
    // Empty in a targets run: no stage that starts servers runs there.
    redisUrl: local?.redis.url ?? '',
    keyPrefix,
    scryptLogN,
    ...(pinning && { cpus: pinning.server_cpus }),
  }
  const cheapHash = Math.min(scryptLogN, CHEAP_SCRYPT_LOG_N)
  const toStart = [...variants, ...hotReadOnly]
  let sections: Record<string, unknown> = {}
  const context = (prepared: StageContext['prepared']): StageContext => ({
    options,
    variants,
    resultsDirectory: join(resultsRoot, runDirectoryName(startedAt.toISOString())),
    sectionsSoFar: () => sections as Pick<RunResults, 'throughput' | 'sweep' | 'cpu' | 'ceiling'>,
    prepared,
    hotReadOnly: new Set(hotReadOnly.map((variant) => variant.id)),
    redisProbe: local?.probe,
    serverEnv,
    pinning,
    progress,
    stageServerEnv: (stage) => ({ ...serverEnv, keyPrefix: `${keyPrefix}${stage}:`, scryptLogN: cheapHash }),
  })
  const stages = list.filter((stage) => !skip.includes(stage.name))
  const configOf = (stage: Stage) => (configs as Readonly<Record<string, unknown>>)[stage.name]
  // The plan counts the servers' start and verification too: the time left is true from the first
  // second, not "0:00 left" while forty seconds of servers start.
  const planning = context(plannedTargets(toStart))
  progress.plan(
    prepareSeconds(toStart.length) +
      stages.reduce((sum, stage) => sum + stage.plan(planning, configOf(stage)).estimateSeconds, 0),
  )
  // The revocation variants are only read from, never logged into under load: a cheap password
  // hash starts them in a fraction of the time and changes nothing they are measured on.
  const remotes = targets && (await prepareRemoteTargets(targets, progress))
  const prepared =
    remotes ??
    (await prepareTargets(
      toStart,
      (variant) => (hotReadOnly.includes(variant) ? { ...serverEnv, scryptLogN: cheapHash } : serverEnv),
      progress,
    ))
  const ctx = context(prepared)
  const failures: string[] = []
  // Where the wall time went, stage by stage: what the README's run times are read from.
  const stageSeconds: Record<string, number> = { start: (Date.now() - startedAt.getTime()) / 1000 }
  try {
    for (const stage of stages) {
      const stageStart = Date.now()
      const outcome = await stage.run(ctx, configOf(stage))
      stageSeconds[stage.name] = (Date.now() - stageStart) / 1000
      sections = { ...sections, ...outcome.sections }
      failures.push(...(outcome.failures ?? []))
    }
  } finally {
    await prepared.stopAll()
    await local?.probe.close()
    await local?.redis.stop()
    progress.end()
  }

  const { ceiling, throughput, sweep } = sections as Pick<RunResults, 'ceiling' | 'throughput' | 'sweep'>
  const remote = targets && targetsRecord(targets, STAGE_NAMES, { throughput, sweep })
  failures.push(...(remote?.warnings ?? []))
  const finishedAt = new Date()
  const results: Omit<LabResults, 'warnings'> = {
    schema_version: RESULTS_SCHEMA_VERSION,
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    wall_time_s: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    stage_seconds: stageSeconds,
    environment: describeEnvironment(
      local
        ? { redisVersion: local.probe.version, redisSource: local.redis.source, pinning, scryptLogN }
        : {
            redisVersion: remotes?.redisVersions.join(', ') || 'not read',
            redisSource: 'targets',
            pinning,
            scryptLogN: undefined,
            ...(remote && { targets: remote.record }),
          },
    ),
    options,
    baseline: BASELINE_ID,
    variants: prepared.records,
    ...sections,
    // Whether the busiest server came near the harness's own ceiling: known once both were measured.
    ...(ceiling && { ceiling: { ...ceiling, near_ceiling: nearCeiling(ceiling, throughput) } }),
  }
  return { ...results, warnings: [...collectWarnings(results), ...failures] }
}
