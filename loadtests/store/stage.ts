import type { ResultsSection, Stage } from '../runner/stage.js'
import { storeLatencyCommand, storeOutageCommand, storeRestartCommand } from './store-commands.js'
import { STORE_OPTIONS } from './store-options.js'
import { latencyHtml, outageHtml, restartHtml } from './store-html.js'
import { STORE_LATENCY_SCHEMA, STORE_OUTAGE_SCHEMA, STORE_RESTART_SCHEMA } from './store-schema.js'
import type { StoreLatencySection, StoreOutageSection, StoreRestartSection } from './store-section.js'
import { runStoreStage, storeStageSeconds, type StoreStageConfig } from './store-stage.js'
import { renderLatencyMarkdown } from './latency-table.js'
import { renderOutageMarkdown, renderRestartMarkdown } from './store-tables.js'

const latencySection: ResultsSection<'store_latency', StoreLatencySection> = {
  key: 'store_latency',
  schema: STORE_LATENCY_SCHEMA,
  markdown: (section) => [renderLatencyMarkdown(section)],
  html: (section, _results, colourOf) => latencyHtml(section, colourOf),
  folded: true,
}

const outageSection: ResultsSection<'store_outage', StoreOutageSection> = {
  key: 'store_outage',
  schema: STORE_OUTAGE_SCHEMA,
  markdown: (section) => [renderOutageMarkdown(section)],
  html: outageHtml,
  folded: true,
}

const restartSection: ResultsSection<'store_restart', StoreRestartSection> = {
  key: 'store_restart',
  schema: STORE_RESTART_SCHEMA,
  markdown: (section) => [renderRestartMarkdown(section)],
  html: restartHtml,
  folded: true,
}

/**
 * Redis far away, killed, stalled and restarted, each on a redis-server of its own, with every other
 * server stopped so that nothing else competes for the CPU while it times answers. Not part of a run
 * without a config (`--quick`).
 */
export const storeStage = {
  name: 'store',
  options: STORE_OPTIONS,
  commands: [storeLatencyCommand, storeOutageCommand, storeRestartCommand],
  plan: (_ctx, config) => ({ estimateSeconds: config ? storeStageSeconds(config) : 0 }),
  async run(ctx, config) {
    await ctx.prepared.stopAll()
    if (!config) return {}
    const { redisUrl: _shared, ...env } = ctx.stageServerEnv('store')
    return runStoreStage(config, env, ctx.progress)
  },
  sections: [latencySection, outageSection, restartSection],
} satisfies Stage<StoreStageConfig, 'store'>
