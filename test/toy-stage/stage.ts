/**
 * A toy stage, the way a new stage is written: one folder, one stage object, one entry in a list of
 * stages. It counts the run's variants, takes longer in the default profile than in --quick, and
 * owns one section of results.json built from the shared schema pieces.
 */
import { methodAndRuns, nonNegativeInteger, string } from '../../loadtests/results/schema-pieces.js'
import type { ResultsSection, Stage } from '../../loadtests/runner/stage.js'

export interface ToySection {
  readonly method: { readonly description: string }
  readonly runs: readonly { readonly profile: string; readonly variants: number }[]
}

const toySection: ResultsSection<'toy', ToySection> = {
  key: 'toy',
  schema: methodAndRuns(
    { type: 'object', required: ['description'], properties: { description: string } },
    {
      type: 'object',
      required: ['profile', 'variants'],
      properties: { profile: string, variants: nonNegativeInteger },
    },
  ),
  absent: 'The toy: not part of this run (`--skip toy`).',
  markdown: (section) => ['## The toy', '', `The toy counted ${section.runs[0]?.variants} variants.`, ''],
  html: (section) => `<section id="toy"><h2>The toy</h2><p>${section.runs.length} toy run</p></section>`,
}

export const toyStage = {
  name: 'toy',
  plan: (ctx) => ({ estimateSeconds: ctx.options.profile === 'quick' ? 1 : 3 }),
  async run(ctx) {
    ctx.progress.step('toy: counting variants', 1)
    const section: ToySection = {
      method: { description: 'Counts the variants of the run.' },
      runs: [{ profile: ctx.options.profile, variants: ctx.variants.length }],
    }
    return { sections: { toy: section } }
  },
  sections: [toySection],
} satisfies Stage<never, 'toy'>
