import {
  serverKeyPrefix,
  startFewAtATime,
  startVariantServer,
  usesRedis,
  type LabServerEnv,
} from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { ServerProcess } from '../runner/server-process.js'
import type { VariantSpec } from '../runner/variants.js'
import { ATTACK_DEFAULTS } from '../defaults.js'
import type { ServerKeys } from './attack-entry.js'
import { buildAttackSection, type AttackSection, type VariantAttackRun } from './attack-section.js'
import { CATALOGUE } from './catalogue.js'
import { runAttacks, stillServing, type Verdict } from './run-attacks.js'
import { keysFor } from './server-keys.js'

export interface AttackStageOptions {
  /** Run the user-enumeration timing comparison (on by default; tests turn it off). */
  readonly timing?: boolean
  /** The failed-login limit of the brute-force server (small, so the attack is quick). */
  readonly maxFailures?: number
  /** Requests per refused kind for the flood check (opt-in, `--flood`); 0 leaves it out. */
  readonly floodRequests?: number
}

const MAIN = CATALOGUE.filter((entry) => !entry.locksOut)
const LOCKOUT = CATALOGUE.filter((entry) => entry.locksOut)

const report = (progress: Progress, variant: string) => (verdict: Verdict) => {
  if (verdict.verdict === 'accepted')
    progress.note(`!!! ACCEPTED: ${verdict.attack} on ${variant} (status ${verdict.status}) ${verdict.note ?? ''}`)
  else if (verdict.verdict === 'unexpected' || verdict.verdict === 'error')
    progress.note(`${verdict.verdict}: ${verdict.attack} on ${variant}: ${verdict.note ?? ''}`)
}

/**
 * One variant: a server started with keys generated here (so key-dependent forgeries can run) and a
 * second one with a small failed-login limit for the brute force (which would otherwise lock the
 * other attacks out), the catalogue run against them over HTTP, both stopped.
 */
async function attackVariant(
  variant: VariantSpec,
  env: LabServerEnv,
  progress: Progress,
  { timing, maxFailures, floodRequests }: Required<AttackStageOptions>,
): Promise<VariantAttackRun> {
  progress.step(`attacking ${variant.id} (${CATALOGUE.length} attacks)`, 0)
  const { env: keyEnv, keys } = await keysFor(variant)
  const servers: ServerProcess[] = []
  try {
    const lockoutEnv = { ...env, keyPrefix: `${env.keyPrefix}lockout:` }
    // allSettled: if one fails to start, the other is still stopped in `finally`.
    const started = await Promise.allSettled([
      startVariantServer(variant, env, keyEnv),
      startVariantServer(variant, lockoutEnv, {
        ...keyEnv,
        AUTHLAB_LOGIN_MAX_FAILURES: String(maxFailures),
        AUTHLAB_LOGIN_WINDOW: '60',
        // The flood check reads the heap after a full collection (see GET /api/admin/stats).
        NODE_OPTIONS: [process.env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' '),
      }),
    ])
    for (const outcome of started) if (outcome.status === 'fulfilled') servers.push(outcome.value)
    const failed = started.find((outcome) => outcome.status === 'rejected')
    if (failed) throw failed.reason
    const [main, lockout] = servers as [ServerProcess, ServerProcess]
    const target = { variant, keys, timing, maxFailures, floodRequests }
    const onVerdict = report(progress, variant.id)
    // The flood check compares the lockout server's keys before and after.
    const store = usesRedis(variant)
      ? { redisUrl: env.redisUrl, keyPrefix: serverKeyPrefix(variant, lockoutEnv) }
      : undefined
    const verdicts = [
      ...(await runAttacks({ ...target, url: main.url }, MAIN, onVerdict)),
      ...(await runAttacks({ ...target, url: lockout.url, ...(store && { store }) }, LOCKOUT, onVerdict)),
    ]
    const serving = (await stillServing(main.url)) && (await stillServing(lockout.url))
    return { variant: variant.id, strategy: variant.strategy, server: 'started', stillServing: serving, verdicts }
  } catch (error) {
    return {
      variant: variant.id,
      strategy: variant.strategy,
      server: 'started',
      stillServing: false,
      failure: `did not start: ${(error as Error).message.split('\n')[0]}`,
      verdicts: [],
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}

/**
 * Runs `attack` for every variant, side by side, one per CPU: an attack is a chain of sequential
 * requests, each waiting on a server, so one variant at a time left the machine mostly idle (five
 * variants took over a minute, one after another). Verdicts do not depend on it: each variant has
 * its own servers, Redis keys and client, and the one timing check interleaves its two kinds of
 * login. The runs come back in the variants' order.
 */
export async function attackSideBySide<R>(
  variants: readonly VariantSpec[],
  attack: (variant: VariantSpec) => Promise<R>,
): Promise<R[]> {
  const settled = await startFewAtATime(variants, attack)
  return settled.map((outcome) => {
    if (outcome.status === 'rejected') throw outcome.reason
    return outcome.value
  })
}

/** The attack stage of a lab run: the catalogue against every variant. Returns the `attacks` section. */
export async function runAttackStage(
  variants: readonly VariantSpec[],
  env: LabServerEnv,
  progress: Progress,
  options: AttackStageOptions = {},
): Promise<AttackSection> {
  const { timing = true, maxFailures = ATTACK_DEFAULTS.lockoutMaxFailures, floodRequests = 0 } = options
  // attackVariant turns every failure into a run of its own.
  const runs = await attackSideBySide(variants, (variant) =>
    attackVariant(variant, env, progress, { timing, maxFailures, floodRequests }),
  )
  return buildAttackSection(CATALOGUE, runs)
}

/**
 * `--target URL`: a server somebody else runs. Its keys are known only if this process's env holds
 * them; the brute force runs last, so that its lock-out cannot spoil the other attacks. The target
 * should allow many failed logins from this client (the enumeration check makes 100).
 */
export async function runAttacksOnTarget(
  url: string,
  variant: VariantSpec,
  keys: ServerKeys | undefined,
  progress: Progress,
  options: AttackStageOptions = {},
): Promise<AttackSection> {
  const { timing = true, maxFailures = ATTACK_DEFAULTS.targetMaxFailures } = options
  progress.step(
    `attacking ${url} as ${variant.id}${keys ? '' : ' (keys unknown: key-dependent attacks not applicable)'}`,
    0,
  )
  const verdicts = await runAttacks(
    { url, variant, keys, timing, maxFailures, floodRequests: options.floodRequests ?? 0 },
    [...MAIN, ...LOCKOUT],
    report(progress, variant.id),
  )
  return buildAttackSection(CATALOGUE, [
    {
      variant: variant.id,
      strategy: variant.strategy,
      server: 'target',
      stillServing: await stillServing(url),
      verdicts,
    },
  ])
}
