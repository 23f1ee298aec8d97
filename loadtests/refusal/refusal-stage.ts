import { authenticates, strategyEntry } from '../../servers/registry.js'
import type { RunOptions } from '../results/results-types.js'
import { warmUp } from '../runner/burst.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { RedisProbe } from '../runner/redis-stats.js'
import { roundSeconds, runRounds } from '../runner/rounds.js'
import type { ServerProcess } from '../runner/server-process.js'
import { parseVariant, type VariantSpec } from '../runner/variants.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { buildRefusalSection, refusalFailures, type RefusalSection } from './refusal-section.js'
import { startRefusalServer, type RefusalTarget } from './refusal-targets.js'

/** The stage's own sizes: rounds enough for a 95% interval of each median (6 is the least that gives one). */
export const REFUSAL_DEFAULTS = { rounds: 6, startSecondsPerServer: 2, kindsPerVariant: 4.2 } as const

export interface RefusalStageConfig {
  readonly variants: readonly VariantSpec[]
  readonly rounds: number
}

/** The load options the hot read uses, so that a refusal is measured exactly as a read is. */
type ReadOptions = Pick<RunOptions, 'connections' | 'burst_s' | 'pre_burst_s' | 'warmup_s'>

const SCENARIO = SCENARIOS['hot-read']

/** Planned seconds: servers started and warmed, then every round (kinds estimated before they are known). */
export function refusalStageSeconds(config: RefusalStageConfig, options: ReadOptions): number {
  const servers = config.variants.length + 1
  const kinds = Math.round(config.variants.length * REFUSAL_DEFAULTS.kindsPerVariant)
  const labels = [{ variant: '' }, ...Array.from({ length: kinds }, (_, index) => ({ variant: `${index + 1}` }))]
  const round = roundSeconds(labels, { baseline: '', durationS: options.burst_s, preBurstS: options.pre_burst_s ?? 0 })
  return servers * (REFUSAL_DEFAULTS.startSecondsPerServer + options.warmup_s) + config.rounds * round
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
 * The hot read with refused credentials: every variant's server is started with secrets the
 * harness knows (so it can sign an expired token, tag an unknown key), next to a baseline server of
 * its own, and each (variant, kind) is one more target of the same rounds. A variant whose server
 * fails to start is reported and left out; the others still run.
 */
export async function runRefusalStage(
  config: RefusalStageConfig,
  baseline: string,
  env: LabServerEnv,
  options: ReadOptions,
  redis: RedisProbe | undefined,
  progress: Progress,
): Promise<{ section?: RefusalSection; failures: string[] }> {
  const servers: ServerProcess[] = []
  const targets: RefusalTarget[] = []
  const failures: string[] = []
  try {
    for (const variant of [parseVariant(baseline), ...config.variants]) {
      progress.step(`refusal: starting ${variant.id}`, REFUSAL_DEFAULTS.startSecondsPerServer)
      try {
        const started = await startRefusalServer(variant, env)
        servers.push(started.server)
        // The baseline's one target goes by the baseline's own name: the rounds run it between the others.
        const own = variant.id === baseline ? started.targets.map((target) => ({ ...target, variant: baseline })) : []
        targets.push(...(own.length ? own : started.targets))
        progress.step(`refusal: warm-up ${variant.id} (not measured)`, options.warmup_s)
        await warmUp(started.targets[0] as RefusalTarget, SCENARIO, options.connections, options.warmup_s)
      } catch (error) {
        const reason = `refusal stage: ${variant.id} not measured: ${(error as Error).message.split('\n')[0]}`
        progress.note(reason)
        failures.push(reason)
      }
    }
    if (!targets.some((target) => target.variant === baseline) || targets.length < 2) return { failures }
    const plan = {
      label: 'refusal hot-read',
      scenario: SCENARIO,
      connections: options.connections,
      durationS: options.burst_s,
      rounds: config.rounds,
      baseline,
      ...(options.pre_burst_s && { preBurstS: options.pre_burst_s }),
    }
    const samples = await runRounds(targets, plan, redis, progress)
    const section = buildRefusalSection(samples, targets, {
      scenario: SCENARIO.name,
      connections: plan.connections,
      burstS: plan.durationS,
      preBurstS: options.pre_burst_s ?? 0,
      rounds: plan.rounds,
      baseline,
    })
    return { section, failures: [...failures, ...refusalFailures(section)] }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}
