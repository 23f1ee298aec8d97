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

/** Why the other commands do not take --targets yet, and what to do instead. */
const NOT_YET: Readonly<Record<string, string>> = {
  revoke: 'it starts the replicas it revokes on',
  attack: 'it starts its servers; for one server you run: authlab attack --target URL --strategy NAME',
  soak: 'it starts its servers and reads their memory from /proc',
}

/** Only `authlab run` takes --targets so far: any other command refuses it with the reason. */
export function refuseTargets(command: string, argv: readonly string[]): void {
  if (command === 'run' || !argv.some((arg) => arg === '--targets' || arg.startsWith('--targets='))) return
  throw new UsageError(
    `--targets is taken by authlab run only${NOT_YET[command] ? `; ${command}: ${NOT_YET[command]}` : ''}`,
  )
}
