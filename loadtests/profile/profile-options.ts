/**
 * The profile stage's options, declared once: `authlab run` and `authlab profile` read them through
 * the one option table (runner/stage-options.ts). `--rounds` stays `authlab profile`'s own: in a run it
 * is every scenario's rounds.
 */
import { PROFILE_STAGE } from '../defaults.js'
import { positive, sizedDefault } from '../runner/option-values.js'
import type { StageOption } from '../runner/stage.js'
import { PROFILE_CREDENTIAL } from './profile-credential.js'
import type { ProfileStageConfig } from './stage.js'

const { compact, full } = PROFILE_STAGE

/** `--profile-seconds S`: profiled seconds per variant. */
export const PROFILE_SECONDS: StageOption<ProfileStageConfig> = {
  flag: 'profile-seconds',
  value: 'S',
  help: (where) =>
    `profiled seconds per variant (default ${sizedDefault(where, compact.seconds, full.seconds)}), as many again unprofiled`,
  apply: (config, raw) => ({ ...config, seconds: positive('profile-seconds', raw, false) }),
}

export const PROFILE_OPTIONS: readonly StageOption<ProfileStageConfig>[] = [PROFILE_SECONDS, PROFILE_CREDENTIAL]
