import type { Stage, ResultsSection } from '../runner/stage.js'
import { measuredVariants } from '../runner/stage.js'
import type { VariantSpec } from '../runner/variants.js'
import type { RefusalKind } from '../refusal/refusal-targets.js'
import { BASELINE_ID } from '../runner/variants.js'
import { profileCommand } from './profile-command.js'
import { PROFILE_OPTIONS } from './profile-options.js'
import { renderProfileHtml, renderProfileMarkdown } from './profile-report.js'
import { PROFILE_SCHEMA } from './profile-schema.js'
import type { ProfileSection } from './profile-section.js'
import { profileStageSeconds, runProfileStage } from './profile-stage.js'

/** The profile stage's plan (sizes in loadtests/defaults.ts); its variants default to the run's. */
export interface ProfileStageConfig {
  readonly variants?: readonly VariantSpec[]
  readonly seconds: number
  readonly rounds: number
  /** `authlab profile --credential`: a refused kind instead of the valid credential (profile-credential.ts). */
  readonly credential?: RefusalKind
}

const profileSection: ResultsSection<'profile', ProfileSection> = {
  key: 'profile',
  schema: PROFILE_SCHEMA,
  absent: 'Where the CPU goes: not profiled in this run (`npx authlab profile`).',
  holdsData: (section) => section.variants.length > 0,
  markdown: (section) => [renderProfileMarkdown(section)],
  html: renderProfileHtml,
  folded: true,
}

/**
 * Where each variant's CPU goes, sampled by the V8 profiler. In-process like the cpu stage, after it
 * (its section is the cross-check) and with no server running. Not part of a run without a config
 * (`--quick`).
 */
export const profileStage = {
  name: 'profile',
  options: PROFILE_OPTIONS,
  commands: [profileCommand],
  plan: (ctx, config) => ({
    estimateSeconds: config ? profileStageSeconds((config.variants ?? measuredVariants(ctx)).length, config) : 0,
  }),
  async run(ctx, config) {
    await ctx.prepared.stopAll()
    if (!config) return {}
    const { cpu } = ctx.sectionsSoFar()
    const stage = await runProfileStage(
      config.variants ?? measuredVariants(ctx),
      BASELINE_ID,
      {
        redisUrl: ctx.serverEnv.redisUrl,
        keyPrefix: ctx.stageServerEnv('profile').keyPrefix,
        seconds: config.seconds,
        rounds: config.rounds,
        ...(config.credential && { credential: config.credential }),
        outDir: ctx.resultsDirectory,
        ...(cpu && { cpuStage: cpu }),
      },
      ctx.progress,
    )
    return { ...(stage.section && { sections: { profile: stage.section } }), failures: stage.failures }
  },
  sections: [profileSection],
} satisfies Stage<ProfileStageConfig, 'profile'>
