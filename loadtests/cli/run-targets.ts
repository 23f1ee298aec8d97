import { readTargetsFile, type TargetsPlan } from '../lab/targets-file.js'
import { UsageError } from './command.js'

/** The flags `--targets` makes meaningless: the file names the variants, the lab starts nothing. */
const NOT_WITH_TARGETS = ['strategies', 'variants', 'only', 'pin', 'token-ttl'] as const

/**
 * `--targets FILE`, read and checked before anything starts: a flag the run would ignore is refused,
 * and every mistake in the file is a usage error that names its place.
 */
export function readTargetsOption(
  file: string,
  values: Partial<Record<(typeof NOT_WITH_TARGETS)[number], unknown>> & { readonly engine?: string },
): TargetsPlan {
  const ignored = NOT_WITH_TARGETS.find((name) => values[name] !== undefined && values[name] !== false)
  if (ignored)
    throw new UsageError(`--${ignored} does not apply with --targets: the targets file names the variants and servers`)
  let plan: TargetsPlan
  try {
    plan = readTargetsFile(file)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const replicated = plan.targets.find((target) => target.urls.length > 1)
  if (values.engine === 'wrk' && replicated)
    throw new UsageError(
      `--engine wrk loads one URL, and ${replicated.variant.id} has ${replicated.urls.length}: put a balancer in front, or use autocannon`,
    )
  return plan
}
