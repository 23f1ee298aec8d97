import { readTargetsFile, type TargetsPlan } from '../lab/targets-file.js'
import { skippedOnTargets } from '../lab/targets-record.js'
import type { Stage } from '../runner/stage.js'
import { LAB_STAGES, STAGE_NAMES } from '../stages.js'
import { UsageError } from './command.js'

/**
 * The flags `--targets` makes meaningless: the file names the variants, the lab starts nothing, and
 * the options of every stage a targets run leaves out.
 */
const notWithTargets = () => {
  const left = skippedOnTargets(STAGE_NAMES).map(({ stage }) => stage)
  const stageFlags = (LAB_STAGES as readonly Stage[])
    .filter((stage) => left.includes(stage.name))
    .flatMap((stage) => (stage.options ?? []).map((option) => option.flag))
  return ['strategies', 'variants', 'only', 'pin', ...stageFlags]
}

/**
 * `--targets FILE`, read and checked before anything starts: a flag the run would ignore is refused,
 * and every mistake in the file is a usage error that names its place.
 */
export function readTargetsOption(
  file: string,
  values: Readonly<Record<string, unknown>> & { readonly engine?: string },
): TargetsPlan {
  const ignored = notWithTargets().find((name) => values[name] !== undefined && values[name] !== false)
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
