import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpus } from 'node:os'
import { ceilingSeconds, nearCeiling, runCeiling } from '../experiments/ceiling.js'
import { runCpuCost } from '../experiments/cpu-cost.js'
import { runSweep, sweepSeconds } from '../experiments/sweep.js'
import { runThroughput, throughputSeconds } from '../experiments/throughput.js'
import { describeEnvironment } from '../results/environment.js'
import {
  RESULTS_SCHEMA_VERSION,
  type BurstSection,
  type CeilingSection,
  type CpuSection,
  type Environment,
  type LabResults,
  type RunOptions,
} from '../results/results-types.js'
import { collectWarnings } from '../results/warnings.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { warmUp } from './burst.js'
import { startCeilingServer } from './lab-servers.js'
import { prepareTargets } from './prepare-targets.js'
import type { Progress } from './progress.js'
import { createRedisProbe } from './redis-stats.js'
import { hasRedisServer, REDIS_MISSING_HELP, startRedisServer } from './redis-server.js'
import { BASELINE_ID, type VariantSpec } from './variants.js'
import type { RevocationOptions } from '../revocation/revocation-experiment.js'
import type { RevocationSection } from '../revocation/revocation-section.js'
import { revocationStageSeconds, runRevocationStage } from '../revocation/revocation-stage.js'
import type { AttackSection } from '../attacks/attack-section.js'
import { runAttackStage } from '../attacks/attack-stage.js'
import { join } from 'node:path'
import type { ProfileSection } from '../profile/profile-section.js'
import { profileStageSeconds, runProfileStage } from '../profile/profile-stage.js'
import { runDirectoryName } from '../results/write-results.js'

export interface LabRunConfig {
  readonly options: RunOptions
  readonly variants: readonly VariantSpec[]
  /** Extra variants for the hot read only: the revocation variants the main set lacks. */
  readonly hotReadOnly?: readonly VariantSpec[]
  /** The revocation stage, or undefined to skip it. */
  readonly revocation?: { readonly options: RevocationOptions; readonly variants: readonly VariantSpec[] }
  /** The profile stage (in-process, after the CPU measurement), or undefined to skip it. */
  readonly profile?: {
    readonly variants: readonly VariantSpec[]
    readonly seconds: number
    readonly rounds: number
    /** Where writeResults will put this run: the `.cpuprofile` files go into its directory. */
    readonly resultsRoot: string
  }
  readonly scryptLogN: number
  /** A Redis to use instead of starting one (REDIS_URL). */
  readonly redisUrl: string | undefined
  readonly progress: Progress
}

/** Password-hash cost for servers whose logins are not measured (revocation, attacks). */
export const CHEAP_SCRYPT_LOG_N = 12

/** A rough plan for the progress line: two servers start, then about 300 requests. */
const ATTACK_SECONDS_PER_VARIANT = 12

/** Thrown when there is no Redis to be had: the CLI prints the message and stops at once. */
export class RedisUnavailableError extends Error {}

async function acquireRedis(url: string | undefined) {
  if (url) return { url, source: 'REDIS_URL' as const, stop: async () => {} }
  if (!hasRedisServer()) throw new RedisUnavailableError(REDIS_MISSING_HELP)
  const server = await startRedisServer()
  return { url: server.url, source: 'started' as const, stop: server.stop }
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

/**
 * A whole lab run: Redis, every server verified and warmed, the ceiling, throughput rounds, the
 * sweep, the in-process CPU cost; then everything stopped and one results object returned.
 */
export async function runLab({
  options,
  variants,
  hotReadOnly = [],
  revocation,
  profile,
  scryptLogN,
  redisUrl,
  progress,
}: LabRunConfig): Promise<LabResults> {
  const startedAt = new Date()
  const pinning = pinCpus(options.pin)
  const redis = await acquireRedis(redisUrl)
  const keyPrefix = `authlab-lab:${randomBytes(4).toString('hex')}:`
  let probe
  try {
    probe = await createRedisProbe(redis.url)
  } catch (error) {
    await redis.stop()
    throw new RedisUnavailableError(
      `Cannot reach Redis at ${redis.url} (${(error as Error).message}).\n${REDIS_MISSING_HELP}`,
    )
  }
  progress.note(
    `Redis ${probe.version} at ${redis.url} (${redis.source === 'started' ? 'started for this run, no persistence' : 'from REDIS_URL'})`,
  )

  const serverEnv = { redisUrl: redis.url, keyPrefix, scryptLogN, ...(pinning && { cpus: pinning.server_cpus }) }
  // The revocation variants are only read from, never logged into under load: a cheap password
  // hash starts them in a fraction of the time and changes nothing they are measured on.
  const prepared = await prepareTargets(
    [...variants, ...hotReadOnly],
    (variant) =>
      hotReadOnly.includes(variant)
        ? { ...serverEnv, scryptLogN: Math.min(scryptLogN, CHEAP_SCRYPT_LOG_N) }
        : serverEnv,
    progress,
  )
  const hotOnly = new Set(hotReadOnly.map((variant) => variant.id))
  let revocationSection: RevocationSection | undefined
  let attackSection: AttackSection | undefined
  let profileSection: ProfileSection | undefined
  const stageFailures: string[] = []
  let ceiling: CeilingSection | undefined
  let cpu: CpuSection | undefined
  let cpuFailure: string | undefined
  let throughput: BurstSection | undefined
  let sweep: BurstSection | undefined
  try {
    const targets = prepared.targets
    const mainTargets = targets.filter((target) => !hotOnly.has(target.variant))
    const count = mainTargets.length
    progress.plan(
      targets.length * options.warmup_s +
        ceilingSeconds(options) +
        throughputSeconds(targets, options, BASELINE_ID, hotOnly) +
        sweepSeconds(options, count) +
        options.cpu_rounds * count * 0.3 +
        (revocation ? revocationStageSeconds(revocation.variants, revocation.options) : 0) +
        (profile ? profileStageSeconds(profile.variants.length, profile) : 0) +
        (options.attacks ? variants.length * ATTACK_SECONDS_PER_VARIANT : 0),
    )
    for (const target of targets) {
      progress.step(`warm-up ${target.variant} (not measured)`, options.warmup_s)
      await warmUp(target, SCENARIOS['hot-read'], options.connections, options.warmup_s)
    }
    if (options.ceiling_bursts > 0) {
      const server = await startCeilingServer(pinning?.server_cpus)
      try {
        ceiling = await runCeiling(server, options, progress)
      } finally {
        await server.stop()
      }
    }
    if (count > 0) throughput = await runThroughput(targets, options, BASELINE_ID, probe, progress, hotOnly)
    if (count > 0 && options.sweep_connections.length > 0 && options.sweep_rounds > 0) {
      sweep = await runSweep(mainTargets, options, BASELINE_ID, probe, progress)
    }
    // In-process, after every server process is stopped, so nothing else competes for the CPU.
    await prepared.stopAll()
    const measured = variants.filter((variant) => targets.some((target) => target.variant === variant.id))
    if (options.cpu_rounds > 0 && measured.length > 0) {
      // A failure here must not throw away minutes of HTTP measurements: it becomes a warning.
      cpu = await runCpuCost(measured, options, BASELINE_ID, { redisUrl: redis.url, keyPrefix }, progress).catch(
        (error: unknown) => {
          cpuFailure = `in-process CPU experiment failed: ${(error as Error).message}`
          progress.note(cpuFailure)
          return undefined
        },
      )
    }
    // In-process too, and for the same reason after every server process is stopped.
    if (profile && profile.variants.length > 0) {
      const stage = await runProfileStage(
        profile.variants,
        BASELINE_ID,
        {
          redisUrl: redis.url,
          keyPrefix: `${keyPrefix}profile:`,
          seconds: profile.seconds,
          rounds: profile.rounds,
          outDir: join(profile.resultsRoot, runDirectoryName(startedAt.toISOString())),
          ...(cpu && { cpuStage: cpu }),
        },
        progress,
      )
      profileSection = stage.section
      stageFailures.push(...stage.failures)
    }
    // Last, with nothing else running: each variant's replicas are started, measured and stopped.
    if (revocation && revocation.variants.length > 0) {
      // No login is measured there: a cheap password hash keeps replica start-up from dominating.
      const env = {
        ...serverEnv,
        keyPrefix: `${keyPrefix}revocation:`,
        scryptLogN: Math.min(scryptLogN, CHEAP_SCRYPT_LOG_N),
      }
      const stage = await runRevocationStage(revocation.variants, env, revocation.options, progress)
      revocationSection = stage.section
      stageFailures.push(...stage.failures)
    }
    if (options.attacks) {
      const measured = variants.filter((variant) =>
        prepared.records.some((record) => record.id === variant.id && record.status === 'measured'),
      )
      const env = {
        ...serverEnv,
        keyPrefix: `${keyPrefix}attacks:`,
        scryptLogN: Math.min(scryptLogN, CHEAP_SCRYPT_LOG_N),
      }
      attackSection = await runAttackStage(measured, env, progress)
      if (!attackSection.passed)
        stageFailures.push(
          'ATTACK STAGE FAILED: an attack was accepted, answered unexpectedly, or a server stopped serving (see the attack matrix)',
        )
    }
  } finally {
    await prepared.stopAll()
    await probe.close()
    await redis.stop()
  }

  const finishedAt = new Date()
  const results: Omit<LabResults, 'warnings'> = {
    schema_version: RESULTS_SCHEMA_VERSION,
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    wall_time_s: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    environment: describeEnvironment({ redisVersion: probe.version, redisSource: redis.source, pinning, scryptLogN }),
    options,
    baseline: BASELINE_ID,
    variants: prepared.records,
    ...(throughput && { throughput }),
    ...(sweep && { sweep }),
    ...(cpu && { cpu }),
    ...(ceiling && { ceiling: { ...ceiling, near_ceiling: nearCeiling(ceiling, throughput) } }),
    ...(revocationSection && { revocation: revocationSection }),
    ...(attackSection && { attacks: attackSection }),
    ...(profileSection && { profile: profileSection }),
  }
  return { ...results, warnings: [...collectWarnings(results), ...(cpuFailure ? [cpuFailure] : []), ...stageFailures] }
}
