import { authenticates } from '../../servers/registry.js'
import type { VariantRecord } from '../results/results-types.js'
import type { BurstTarget } from './burst.js'
import { login, type Credential, type LoginUser } from './credential.js'
import { startFewAtATime, startVariantServer, usesRedis, type LabServerEnv } from './lab-servers.js'
import type { Progress } from './progress.js'
import type { ServerProcess } from './server-process.js'
import type { VariantSpec } from './variants.js'
import { verifyServer } from './verify.js'

export interface PreparedTargets {
  readonly records: VariantRecord[]
  /** The variants that passed verification, ready for load, in the order they were given. */
  readonly targets: BurstTarget[]
  readonly servers: ServerProcess[]
  stopAll(): Promise<void>
}

export const record = (variant: VariantSpec, fields: Partial<VariantRecord>): VariantRecord => ({
  id: variant.id,
  strategy: variant.strategy,
  options: variant.flags,
  server_variant: null,
  status: 'failed',
  checks: [],
  credential_bytes: 0,
  ...fields,
})

/**
 * Rough seconds to start one server (it hashes its demo passwords) and to verify it (a few logins at
 * the real hash cost): counted in the progress plan, so that the time left is true from the first
 * second, server start included. The pace the run keeps corrects them.
 */
export const START_SECONDS_PER_SERVER = 2
export const VERIFY_SECONDS_PER_SERVER = 3

export const prepareSeconds = (count: number) => count * (START_SECONDS_PER_SERVER + VERIFY_SECONDS_PER_SERVER)

/**
 * What prepareTargets would give if every server passed: for estimating the stages' time before any
 * server starts (only the variant names are read).
 */
export function plannedTargets(variants: readonly VariantSpec[]): PreparedTargets {
  return {
    records: variants.map((variant) => record(variant, { status: 'measured' })),
    targets: variants.map((variant) => ({
      variant: variant.id,
      url: '',
      pid: 0,
      credential: { tokenType: '', headers: {}, bytes: 0, expiresInS: 0 },
      usesRedis: usesRedis(variant),
    })),
    servers: [],
    stopAll: async () => {},
  }
}

/**
 * Starts every variant's server (a few at a time, see above), then checks each against the
 * contract. A server that does not start or fails a check is recorded as failed with the reason,
 * stopped, and never loaded.
 */
export async function prepareTargets(
  variants: readonly VariantSpec[],
  envFor: (variant: VariantSpec) => LabServerEnv,
  progress: Progress,
): Promise<PreparedTargets> {
  // A stage's own command (authlab browser, revoke, …) starts the servers it needs itself: then
  // there is nothing to start here, and "starting 0 servers" would only puzzle.
  if (variants.length === 0) return { records: [], targets: [], servers: [], stopAll: async () => {} }
  progress.step(`starting ${variants.length} servers`, variants.length * START_SECONDS_PER_SERVER)
  const started = await startFewAtATime(variants, (variant) => startVariantServer(variant, envFor(variant)))
  const records: VariantRecord[] = []
  const targets: BurstTarget[] = []
  const servers: ServerProcess[] = []

  for (const [index, variant] of variants.entries()) {
    const outcome = started[index] as PromiseSettledResult<ServerProcess>
    if (outcome.status === 'rejected') {
      const reason = (outcome.reason as Error).message
      records.push(record(variant, { failure: `did not start: ${reason}` }))
      progress.note(`${variant.id}: FAILED to start: ${reason.split('\n')[0]}`)
      continue
    }
    const server = outcome.value
    const { record: checked, credential } = await checkServer(variant, server.url, progress)
    records.push(checked)
    if (!credential) {
      await server.stop()
      continue
    }
    targets.push({ variant: variant.id, url: server.url, pid: server.pid, credential, usesRedis: usesRedis(variant) })
    servers.push(server)
    progress.note(`${variant.id}: ${checked.checks.length} checks passed (${server.url}, pid ${server.pid})`)
  }
  return {
    records,
    targets,
    servers,
    stopAll: async () => void (await Promise.all(servers.map((server) => server.stop()))),
  }
}

/**
 * The gate for one server, started here or not (`--targets`): the contract's checks, then a fresh
 * login for the load (verification logged out its own credential). A server that fails gets its
 * record with the reason and no credential: it is never loaded.
 */
export async function checkServer(
  variant: VariantSpec,
  url: string,
  progress: Progress,
  user?: LoginUser,
): Promise<{ readonly record: VariantRecord; readonly credential?: Credential }> {
  progress.step(`verifying ${variant.id} against the contract`, VERIFY_SECONDS_PER_SERVER)
  const verification = await verifyServer(url, variant.strategy, authenticates(variant.strategy), user)
  if (!verification.passed) {
    const failure = verification.checks
      .filter((check) => !check.ok)
      .map((check) => `${check.name}: ${check.detail}`)
      .join('; ')
    progress.note(`${variant.id}: FAILED verification, not measured (${failure})`)
    return { record: record(variant, { checks: verification.checks, failure }) }
  }
  const credential = await login(url, user)
  const health = (await (await fetch(`${url}/health`)).json()) as { variant?: Record<string, unknown> }
  const measured = { status: 'measured', checks: verification.checks, credential_bytes: credential.bytes } as const
  return { record: record(variant, { ...measured, server_variant: health.variant ?? null }), credential }
}
