import type { LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { VariantSpec } from '../runner/variants.js'
import {
  expectedSeconds,
  measureRevocation,
  type RevocationOptions,
  type RevocationRun,
} from './revocation-experiment.js'
import { revocationMethod, type RevocationSection } from './revocation-section.js'

/** Planned seconds for the whole stage, for the progress line's "time left". */
export const revocationStageSeconds = (variants: readonly VariantSpec[], options: RevocationOptions) =>
  variants.reduce((sum, variant) => sum + expectedSeconds(variant, options), 0)

/**
 * Every variant in turn (one set of replicas at a time, so runs never compete for the CPU). A
 * variant whose servers fail to start is reported and skipped; the others still run.
 */
export async function runRevocationStage(
  variants: readonly VariantSpec[],
  env: LabServerEnv,
  options: RevocationOptions,
  progress: Progress,
): Promise<{ section: RevocationSection; failures: string[] }> {
  const runs: RevocationRun[] = []
  const failures: string[] = []
  for (const variant of variants) {
    try {
      runs.push(...(await measureRevocation(variant, env, options, progress)))
    } catch (error) {
      const reason = `${variant.id}: revocation not measured: ${(error as Error).message.split('\n')[0]}`
      progress.note(reason)
      failures.push(reason)
    }
  }
  return { section: { method: revocationMethod(options, env.scryptLogN), runs }, failures }
}
