import type { LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import { hasRedisServer } from '../runner/redis-server.js'
import type { VariantSpec } from '../runner/variants.js'
import { measureRestarts, restartSeconds, type RestartOptions } from './store-restart.js'
import { latencySeconds, measureLatency, type LatencyOptions } from './store-latency.js'
import { measureOutages, outageFailures, outageSeconds, type OutageOptions } from './store-outage.js'
import {
  latencyMethod,
  outageMethod,
  restartMethod,
  type StoreLatencySection,
  type StoreOutageSection,
  type StoreRestartSection,
} from './store-section.js'

/** What the store stage runs: each experiment with its variants, or left out. */
export interface StoreStageConfig {
  readonly restart?: { readonly variants: readonly VariantSpec[]; readonly options: RestartOptions }
  readonly outage?: { readonly variants: readonly VariantSpec[]; readonly options: OutageOptions }
  /** Its variants include the baseline, which every throughput ratio needs. */
  readonly latency?: { readonly variants: readonly VariantSpec[]; readonly options: LatencyOptions }
}

export interface StoreStageSections {
  store_restart?: StoreRestartSection
  store_outage?: StoreOutageSection
  store_latency?: StoreLatencySection
}

/** Planned seconds for the stage, for the progress line. */
export const storeStageSeconds = (config: StoreStageConfig) =>
  (config.restart ? 3 + restartSeconds(config.restart.options) : 0) +
  (config.outage ? 3 + outageSeconds(config.outage.options) : 0) +
  (config.latency ? latencySeconds(config.latency.variants.length, config.latency.options) : 0)

/**
 * The store experiments, each on a private redis-server of its own (they stop, kill and freeze it,
 * which the run's shared Redis must never suffer). An experiment that fails is reported as a
 * sentence; the others still run.
 */
export async function runStoreStage(
  config: StoreStageConfig,
  env: Omit<LabServerEnv, 'redisUrl'>,
  progress: Progress,
): Promise<{ sections: StoreStageSections; failures: string[] }> {
  const sections: StoreStageSections = {}
  const failures: string[] = []
  if (!hasRedisServer()) {
    // REDIS_URL alone is not enough: these experiments must own the process they restart.
    return { sections, failures: ['store experiments not run: they need a local redis-server to stop and restart'] }
  }
  if (config.latency) {
    try {
      const points = await measureLatency(config.latency.variants, env, config.latency.options, progress)
      sections.store_latency = { method: latencyMethod(config.latency.options), points }
    } catch (error) {
      failures.push(`store-latency not measured: ${(error as Error).message.split('\n')[0]}`)
      progress.note(failures.at(-1) ?? '')
    }
  }
  if (config.outage) {
    try {
      const runs = await measureOutages(config.outage.variants, env, config.outage.options, progress)
      sections.store_outage = { method: outageMethod(config.outage.options), runs }
      failures.push(...outageFailures(runs))
    } catch (error) {
      failures.push(`store-outage not measured: ${(error as Error).message.split('\n')[0]}`)
      progress.note(failures.at(-1) ?? '')
    }
  }
  if (config.restart) {
    try {
      const runs = await measureRestarts(config.restart.variants, env, config.restart.options, progress)
      sections.store_restart = { method: restartMethod(config.restart.options), runs }
    } catch (error) {
      failures.push(`store-restart not measured: ${(error as Error).message.split('\n')[0]}`)
      progress.note(failures.at(-1) ?? '')
    }
  }
  return { sections, failures }
}
