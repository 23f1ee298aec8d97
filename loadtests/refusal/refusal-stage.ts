import { authenticates, strategyEntry } from '../../servers/registry.js'
import type { BurstSample, RunOptions } from '../results/results-types.js'
import { warmUp } from '../runner/burst.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { RedisProbe } from '../runner/redis-stats.js'
import { blockSeconds, runBlock } from '../runner/rounds.js'
import { parseVariant, type VariantSpec } from '../runner/variants.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { buildRefusalSection, refusalFailures, type RefusalSection } from './refusal-section.js'
import { startRefusalServer, type RefusalServer, type RefusalTarget } from './refusal-targets.js'

/** The stage's own sizes: rounds enough for a 95% interval of each median (6 is the least that gives one). */
export const REFUSAL_DEFAULTS = { rounds: 6, startSecondsPerServer: 2, kindsPerVariant: 4.2 } as const

export interface RefusalStageConfig {
  readonly variants: readonly VariantSpec[]
  readonly rounds: number
}

/** The load options the hot read uses, so that a refusal is measured exactly as a read is. */
type ReadOptions = Pick<RunOptions, 'connections' | 'burst_s' | 'pre_burst_s' | 'warmup_s'>

const SCENARIO = SCENARIOS['hot-read']

/** Planned seconds: servers started and warmed, then each variant's rounds (its kinds estimated before they are known). */
export function refusalStageSeconds(config: RefusalStageConfig, options: ReadOptions): number {
  const servers = config.variants.length + 1
  const block = blockSeconds(Math.round(REFUSAL_DEFAULTS.kindsPerVariant), {
    rounds: config.rounds,
    durationS: options.burst_s,
    preBurstS: options.pre_burst_s ?? 0,
  })
  return servers * (REFUSAL_DEFAULTS.startSecondsPerServer + options.warmup_s) + config.variants.length * block
}

/**
 * The variants worth a refusal: each strategy that hands out a credential, and every other variant
 * whose reads ask the store where its strategy's default does not (a denylist: there a revoked
 * token is one more kind, and it reaches Redis). A variant differing in anything else refuses as
 * its default does, and is left out to keep the stage's time.
 */
export function refusalVariants(variants: readonly VariantSpec[]): VariantSpec[] {
  const addsStore = (variant: VariantSpec) => {
    const entry = strategyEntry(variant.strategy)
    return entry.checksStoreOnRead(variant.options) && !entry.checksStoreOnRead({})
  }
  return variants.filter(
    (variant) => authenticates(variant.strategy) && (Object.keys(variant.flags).length === 0 || addsStore(variant)),
  )
}

/**
 * The hot read with refused credentials, one variant at a time: a baseline server of the stage's
 * own runs throughout; each variant's server is started (with secrets the harness knows, so it can
 * sign an expired token, tag an unknown key), warmed, loaded in a block of its own with every kind
 * it has and its valid credential (runBlock says why blocks), and stopped before the next variant's.
 * In one round through 8 variants, malformed credentials read 0.67-0.93 of `none`; in blocks,
 * 0.92-1.10 (loadtests/refusal/README.md). A variant whose server fails to start is reported and
 * left out; the others still run.
 */
export async function runRefusalStage(
  config: RefusalStageConfig,
  baseline: string,
  env: LabServerEnv,
  options: ReadOptions,
  redis: RedisProbe | undefined,
  progress: Progress,
): Promise<{ section?: RefusalSection; failures: string[] }> {
  const failures: string[] = []
  const plan = {
    scenario: SCENARIO,
    connections: options.connections,
    durationS: options.burst_s,
    rounds: config.rounds,
    baseline,
    ...(options.pre_burst_s && { preBurstS: options.pre_burst_s }),
  }
  const base = await startWarm(parseVariant(baseline), env, options, progress, failures)
  if (!base) return { failures }
  const baseTarget = { ...(base.targets[0] as RefusalTarget), variant: baseline }
  const targets: RefusalTarget[] = [baseTarget]
  const samples: BurstSample[] = []
  try {
    for (const [block, variant] of config.variants.entries()) {
      const started = await startWarm(variant, env, options, progress, failures)
      if (!started) continue
      try {
        const label = `refusal ${variant.id} (${block + 1}/${config.variants.length})`
        samples.push(...(await runBlock(baseTarget, started.targets, { ...plan, label }, block, redis, progress)))
        targets.push(...started.targets)
      } finally {
        await started.server.stop()
      }
    }
  } finally {
    await base.server.stop()
  }
  if (targets.length < 2) return { failures }
  const section = buildRefusalSection(samples, targets, {
    scenario: SCENARIO.name,
    connections: plan.connections,
    burstS: plan.durationS,
    preBurstS: options.pre_burst_s ?? 0,
    rounds: plan.rounds,
    baseline,
  })
  return { section, failures: [...failures, ...refusalFailures(section)] }
}

/** A variant's server started and warmed up (not measured); undefined, with a failure, when it will not start. */
async function startWarm(
  variant: VariantSpec,
  env: LabServerEnv,
  options: ReadOptions,
  progress: Progress,
  failures: string[],
): Promise<RefusalServer | undefined> {
  progress.step(`refusal: starting ${variant.id}`, REFUSAL_DEFAULTS.startSecondsPerServer)
  let started: RefusalServer | undefined
  try {
    started = await startRefusalServer(variant, env)
    progress.step(`refusal: warm-up ${variant.id} (not measured)`, options.warmup_s)
    await warmUp(started.targets[0] as RefusalTarget, SCENARIO, options.connections, options.warmup_s)
    return started
  } catch (error) {
    await started?.server.stop()
    const reason = `refusal stage: ${variant.id} not measured: ${(error as Error).message.split('\n')[0]}`
    progress.note(reason)
    failures.push(reason)
    return undefined
  }
}
