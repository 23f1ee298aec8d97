import { hotReadThroughput } from '../results/hot-read.js'
import type { ResultsSection, Stage } from '../runner/stage.js'
import type { VariantSpec } from '../runner/variants.js'
import type { RevocationOptions } from './revocation-experiment.js'
import { revocationHtml } from './revocation-html.js'
import { REVOCATION_OPTIONS } from './revocation-options.js'
import { revokeCommand } from './revoke-command.js'
import { REVOCATION_SCHEMA } from './revocation-schema.js'
import type { RevocationSection } from './revocation-section.js'
import { revocationStageSeconds, runRevocationStage } from './revocation-stage.js'
import { renderRevocationTable } from './revocation-table.js'

/** The revocation stage's plan (see loadtests/defaults.ts for its profiles). */
export interface RevocationStageConfig {
  readonly options: RevocationOptions
  readonly variants: readonly VariantSpec[]
}

const revocationSection: ResultsSection<'revocation', RevocationSection> = {
  key: 'revocation',
  schema: REVOCATION_SCHEMA,
  absent: 'Revocation timelines and the throughput / revocation-window trade-off: not measured (`--skip revocation`).',
  holdsData: (section) => section.runs.length > 0,
  markdown: (section, results) => [renderRevocationTable(section, (variant) => hotReadThroughput(results, variant))],
  html: revocationHtml,
}

/**
 * How long a revoked credential keeps working, with nothing else running: each variant's replicas
 * are started, measured and stopped in turn. Not part of a run without a config (`--skip revocation`).
 */
export const revocationStage = {
  name: 'revocation',
  options: REVOCATION_OPTIONS,
  commands: [revokeCommand],
  plan: (_ctx, config) => ({
    estimateSeconds: config ? revocationStageSeconds(config.variants, config.options) : 0,
  }),
  async run(ctx, config) {
    await ctx.prepared.stopAll() // no-op after the cpu stage; needed when it was skipped
    if (!config || config.variants.length === 0) return {}
    const stage = await runRevocationStage(
      config.variants,
      ctx.stageServerEnv('revocation'),
      config.options,
      ctx.progress,
    )
    return { sections: { revocation: stage.section }, failures: stage.failures }
  },
  sections: [revocationSection],
} satisfies Stage<RevocationStageConfig, 'revocation'>
