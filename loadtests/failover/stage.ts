import type { ResultsSection, Stage } from '../runner/stage.js'
import { failoverCommand } from './failover-command.js'
import { FAILOVER_OPTIONS } from './failover-options.js'
import { failoverSection } from './failover-report.js'
import { FAILOVER_SCHEMA } from './failover-schema.js'
import {
  failoverStageSeconds,
  runFailoverStage,
  type FailoverSection,
  type FailoverStageConfig,
} from './failover-section.js'
import { renderFailoverMarkdown } from './failover-table.js'

const section: ResultsSection<'failover', FailoverSection> = {
  key: 'failover',
  schema: FAILOVER_SCHEMA,
  markdown: (failover) => [renderFailoverMarkdown(failover)],
  html: (failover) => failoverSection({ failover }),
  folded: true,
}

/**
 * A replicated Redis of its own (primary, replica, three sentinels), server replicas behind HAProxy,
 * and the primary killed once per run. Not part of a run without a config (`--quick`).
 */
export const failoverStage = {
  name: 'failover',
  options: FAILOVER_OPTIONS,
  commands: [failoverCommand],
  plan: (_ctx, config) => ({ estimateSeconds: config ? failoverStageSeconds(config) : 0 }),
  async run(ctx, config) {
    await ctx.prepared.stopAll()
    if (!config) return {}
    const { redisUrl: _shared, ...env } = ctx.stageServerEnv('failover')
    const { section, failures } = await runFailoverStage(config, env, ctx.progress)
    return { ...(section && { sections: { failover: section } }), failures }
  },
  sections: [section],
} satisfies Stage<FailoverStageConfig, 'failover'>
