import { ATTACK_DEFAULTS } from '../defaults.js'
import { measuredVariants, type ResultsSection, type Stage } from '../runner/stage.js'
import { attackHtml } from './attack-html.js'
import { renderAttackMarkdown } from './attack-matrix.js'
import { ATTACK_SCHEMA } from './attack-schema.js'
import type { AttackSection } from './attack-section.js'
import { runAttackStage } from './attack-stage.js'

const attackSection: ResultsSection<'attacks', AttackSection> = {
  key: 'attacks',
  schema: ATTACK_SCHEMA,
  absent: 'Attacks: not part of this run (`authlab attack` runs the catalogue).',
  holdsData: (section) => section.variants.length > 0,
  markdown: (section) => [renderAttackMarkdown(section), ''],
  html: attackHtml,
}

/** The attack catalogue against every measured variant; any attack that gets through fails the run. */
export const attackStage = {
  name: 'attacks',
  plan: (ctx) => ({
    estimateSeconds: ctx.options.attacks ? ctx.variants.length * ATTACK_DEFAULTS.plannedSecondsPerVariant : 0,
  }),
  async run(ctx) {
    await ctx.prepared.stopAll()
    if (!ctx.options.attacks) return {}
    const attacks = await runAttackStage(measuredVariants(ctx), ctx.stageServerEnv('attacks'), ctx.progress)
    const failure =
      'ATTACK STAGE FAILED: an attack was accepted, answered unexpectedly, or a server stopped serving (see the attack matrix)'
    return { sections: { attacks }, failures: attacks.passed ? [] : [failure] }
  },
  sections: [attackSection],
} satisfies Stage<never, 'attacks'>
