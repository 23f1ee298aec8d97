import { authenticates, strategyEntry } from '../../servers/registry.js'
import { STORE_LATENCY, STORE_LATENCY_CACHE_TTL_MS, STORE_OUTAGE, STORE_RESTART } from '../defaults.js'
import { BASELINE_ID, parseVariant, type VariantSpec } from '../runner/variants.js'
import { storeVariants, withFailOpen } from './store-servers.js'
import type { StoreStageConfig } from './store-stage.js'

/**
 * The store stage of `npm run lab`, from the run's strategies. Compact (the default run, about
 * 40 s on a quiet machine): a crash restart without and with AOF, one kill and one stall, and
 * latency at two RTTs for one variant with no store on the read path and one with. Full
 * (`--full`): what the three commands run by default.
 */
export function storeStagePlan(strategies: readonly string[], full: boolean): StoreStageConfig {
  const withCredential = [...new Set(strategies)].filter(authenticates)
  const lessons = storeVariants(withCredential, !full)
  const defaults = withCredential.map((strategy) => parseVariant(strategy))
  const reads = (variant: VariantSpec) => strategyEntry(variant.strategy).checksStoreOnRead(variant.options)
  const latencyVariants = full
    ? storeVariants(withCredential, true, [STORE_LATENCY_CACHE_TTL_MS])
    : [defaults.find((variant) => !reads(variant)), defaults.find(reads)].flatMap((variant) => variant ?? [])
  const size = full ? 'full' : 'compact'
  return {
    restart: { variants: lessons, options: STORE_RESTART[size] },
    outage: { variants: withFailOpen(lessons), options: STORE_OUTAGE[size] },
    // The baseline is what the hot-read ratios divide by; the compact form runs no rounds, so no ratio.
    latency: {
      variants: STORE_LATENCY[size].rounds > 0 ? [parseVariant(BASELINE_ID), ...latencyVariants] : latencyVariants,
      options: STORE_LATENCY[size],
    },
  }
}
