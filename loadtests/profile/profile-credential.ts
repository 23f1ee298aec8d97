import { keysFor } from '../attacks/server-keys.js'
import { createInProcessTarget, type CpuCostOptions, type InProcessTarget } from '../experiments/cpu-cost.js'
import { refusedKindsOf, REFUSAL_KINDS, withHeaders, type RefusalKind } from '../refusal/refusal-targets.js'
import { UsageError } from '../runner/option-values.js'
import type { StageOption } from '../runner/stage.js'
import type { VariantSpec } from '../runner/variants.js'
import type { ProfileStageConfig } from './stage.js'

/**
 * `authlab profile --credential KIND`: what every variant but the baseline presents in the profiled
 * reads. `valid` (the default) is the hot read; any other kind is one the refusal stage loads
 * (refusal/refusal-targets.ts builds them), so that one can see where a refusal's time goes.
 */
export const PROFILE_CREDENTIAL: StageOption<ProfileStageConfig> = {
  flag: 'credential',
  value: 'KIND',
  help: () =>
    `what each variant presents: ${REFUSAL_KINDS.join(', ')} (default valid); any other kind than valid is one the refusal stage sends, refused with 401 on every read, so the profile shows where a refusal's time goes (variants labelled jwt/malformed; a variant without that kind is left out, said why)`,
  apply(config, raw) {
    const kind = REFUSAL_KINDS.find((candidate) => candidate === raw.trim())
    if (!kind) throw new UsageError(`--credential takes ${REFUSAL_KINDS.join(', ')}, got "${raw}"`)
    return { ...config, credential: kind }
  },
}

/** A variant's profiled target under another label: `jwt/malformed`, as in the refusal stage. */
export const refusedLabel = (variant: VariantSpec, kind: RefusalKind) => `${variant.id}/${kind}`

/**
 * The variant served in-process with secrets the harness knows, presenting `kind` on every read
 * (answered 401). Throws when the variant has no such kind (a jwt has no `unknown`, a session never
 * expires), naming the kinds it has.
 */
export async function createRefusedTarget(
  variant: VariantSpec,
  kind: Exclude<RefusalKind, 'valid'>,
  options: CpuCostOptions,
): Promise<InProcessTarget> {
  const { env, keys } = await keysFor(variant)
  const target = await createInProcessTarget(variant, options, env)
  try {
    const kinds = await refusedKindsOf(variant, target.url, target.credential.headers, keys)
    const refused = kinds.find((entry) => entry.kind === kind)
    if (!refused)
      throw new Error(
        `has no ${kind} credential to refuse (its kinds: ${kinds.map((entry) => entry.kind).join(', ') || 'none'})`,
      )
    return {
      ...target,
      variant: refusedLabel(variant, kind),
      credential: withHeaders(target.credential, refused.headers),
      expectedStatus: 401,
    }
  } catch (error) {
    await target.server.close(0)
    throw error
  }
}
