import { authenticates } from '../../servers/registry.js'
import type { ResultsSection, Stage, StageContext } from '../runner/stage.js'
import { browserCommand } from './browser-command.js'
import { browserHtml } from './browser-html.js'
import { renderBrowserMatrix } from './browser-matrix.js'
import { BROWSER_SCHEMA } from './browser-schema.js'
import type { BrowserSection } from './browser-section.js'
import { browserStageSeconds, runBrowserStage, type BrowserStageConfig } from './browser-stage.js'

const browserSection: ResultsSection<'browser', BrowserSection> = {
  key: 'browser',
  schema: BROWSER_SCHEMA,
  absent: 'Where the credential lives in a browser: not run (`--full` or `npx authlab browser` runs it).',
  markdown: (section) => [renderBrowserMatrix(section), ''],
  html: browserHtml,
}

/**
 * `authlab browser`'s own plan; else the lab's: compact, not in --quick, nor in a run with no
 * variant that hands out a credential (a one-stage run).
 */
const browserPlan = (ctx: StageContext, config: BrowserStageConfig | undefined): BrowserStageConfig | undefined =>
  config ??
  (ctx.options.profile !== 'quick' && ctx.variants.some((variant) => authenticates(variant.strategy))
    ? { variants: ctx.variants, options: { compact: true } }
    : undefined)

/**
 * The demo page in Chromium, one row per place a credential lives, with no other server running.
 * Skipped with a note when Chromium is missing.
 */
export const browserStage = {
  name: 'browser',
  commands: [browserCommand],
  plan(ctx, config) {
    const plan = browserPlan(ctx, config)
    return { estimateSeconds: plan ? browserStageSeconds(plan.variants, plan.options) : 0 }
  },
  async run(ctx, config) {
    await ctx.prepared.stopAll()
    const plan = browserPlan(ctx, config)
    if (!plan) return {}
    const stage = await runBrowserStage(plan.variants, ctx.stageServerEnv('browser'), plan.options, ctx.progress)
    return { sections: { browser: stage.section }, failures: stage.failures }
  },
  sections: [browserSection],
} satisfies Stage<BrowserStageConfig, 'browser'>
