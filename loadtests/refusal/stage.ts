import type { ResultsSection, Stage, StageContext } from '../runner/stage.js'
import { BASELINE_ID, parseVariant } from '../runner/variants.js'
import { refusalCommand } from './refusal-command.js'
import { renderRefusalHtml, renderRefusalMarkdown } from './refusal-report.js'
import { REFUSAL_SCHEMA } from './refusal-schema.js'
import type { RefusalSection } from './refusal-section.js'
import {
  REFUSAL_DEFAULTS,
  refusalStageSeconds,
  refusalVariants,
  runRefusalStage,
  type RefusalStageConfig,
} from './refusal-stage.js'

const refusalSection: ResultsSection<'refusal', RefusalSection> = {
  key: 'refusal',
  schema: REFUSAL_SCHEMA,
  absent: 'The hot read with refused credentials: not run (`--full` or `npx authlab refusal` runs it).',
  markdown: (section) => [renderRefusalMarkdown(section)],
  html: renderRefusalHtml,
}

/**
 * `authlab refusal`'s own plan; else, as for the browser stage, the lab's: every measured variant of
 * the hot read worth a refusal, not in --quick (a default run leaves it out with `--skip`).
 */
function refusalPlan(ctx: StageContext, config: RefusalStageConfig | undefined): RefusalStageConfig | undefined {
  if (config) return config
  if (ctx.options.profile === 'quick') return undefined
  const passed = (id: string) => ctx.prepared.records.some((record) => record.id === id && record.status === 'measured')
  const hotRead = [...ctx.variants, ...[...ctx.hotReadOnly].map((id) => parseVariant(id))]
  return { variants: refusalVariants(hotRead.filter((variant) => passed(variant.id))), rounds: REFUSAL_DEFAULTS.rounds }
}

/**
 * The hot read with refused credentials, with no other server running, on servers of its own (it
 * signs with their secrets). Only with --full or as `authlab refusal` (see FULL_ONLY_STAGES).
 */
export const refusalStage = {
  name: 'refusal',
  commands: [refusalCommand],
  plan(ctx, config) {
    const plan = refusalPlan(ctx, config)
    return { estimateSeconds: plan ? refusalStageSeconds(plan, ctx.options) : 0 }
  },
  async run(ctx, config) {
    await ctx.prepared.stopAll()
    const plan = refusalPlan(ctx, config)
    if (!plan || plan.variants.length === 0) return {}
    const env = ctx.stageServerEnv('refusal')
    const stage = await runRefusalStage(plan, BASELINE_ID, env, ctx.options, ctx.redisProbe, ctx.progress)
    return { ...(stage.section && { sections: { refusal: stage.section } }), failures: stage.failures }
  },
  sections: [refusalSection],
} satisfies Stage<RefusalStageConfig, 'refusal'>
