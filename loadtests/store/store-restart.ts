import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Credential } from '../runner/credential.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import { startRedisServer, type RedisPersistence, type RedisServer } from '../runner/redis-server.js'
import type { VariantSpec } from '../runner/variants.js'
import { countWhere, loginMany, logout, readStatus, refreshStatus } from './credential-checks.js'
import { startStoreTargets, stopStoreTargets, waitUntilHealthy, type StoreTarget } from './store-servers.js'

/** `graceful`: SIGTERM (Redis saves what its settings say, then exits). `crash`: SIGKILL, nothing saved. */
export const RESTART_STOPS = ['graceful', 'crash'] as const
export type RestartStop = (typeof RESTART_STOPS)[number]

export interface RestartOptions {
  readonly persistence: readonly RedisPersistence[]
  readonly stops: readonly RestartStop[]
  /** Logins per variant kept live, and as many more logged out before the restart. */
  readonly credentials: number
}

/** Counts for one variant after one restart: what the store forgot, seen through the contract. */
export interface RestartRun {
  readonly variant: string
  readonly strategy: string
  readonly persistence: RedisPersistence
  readonly stop: RestartStop
  /** What logout said it did (`Auth-Revocation`). */
  readonly revocation_effect: string
  /** Live credentials (the protected read took them before the restart) ... */
  readonly live: number
  /** ... of which the read refused after it (401): users logged out by the restart. */
  readonly live_lost: number
  /** Logged-out credentials the read refused before the restart ... */
  readonly revoked: number
  /** ... of which it took again after it: revocations the restart undid. */
  readonly revoked_accepted_again: number
  /** Refresh mode: the same for refresh tokens (a live family's unspent token; a logged-out family's). */
  readonly refresh?: {
    readonly live: number
    readonly lost: number
    readonly revoked: number
    readonly accepted_again: number
  }
  /** Redis stopped -> every server healthy again. */
  readonly recovery_ms: number
}

interface Held {
  readonly live: Credential[]
  readonly revoked: Credential[]
  readonly effect: string
}

async function prepare(target: StoreTarget, count: number): Promise<Held> {
  const url = target.server.url
  const credentials = await loginMany(url, 2 * count)
  const revoked = credentials.slice(count)
  let effect = '-'
  for (const credential of revoked) effect = await logout(url, credential)
  return { live: credentials.slice(0, count), revoked, effect }
}

const takes = (url: string) => async (credential: Credential) => (await readStatus(url, credential)) === 200
const refuses = (url: string) => async (credential: Credential) => (await readStatus(url, credential)) === 401
const refreshTakes = (url: string) => async (credential: Credential) =>
  (await refreshStatus(url, credential.refreshToken ?? '')) === 200

/** One restart of one persistence mode, every variant at once; the servers stay up throughout. */
async function restartOnce(
  redis: RedisServer,
  targets: readonly StoreTarget[],
  persistence: RedisPersistence,
  stop: RestartStop,
  options: RestartOptions,
): Promise<RestartRun[]> {
  await waitUntilHealthy(targets)
  const held = await Promise.all(targets.map((target) => prepare(target, options.credentials)))
  // Before: which credentials work, which revocations hold. Only those count afterwards.
  const before = await Promise.all(
    targets.map(async (target, index) => {
      const { live, revoked } = held[index] as Held
      const url = target.server.url
      const liveOk = (await Promise.all(live.map(takes(url)))).map((ok, i) => (ok ? live[i] : undefined))
      const refused = (await Promise.all(revoked.map(refuses(url)))).map((no, i) => (no ? revoked[i] : undefined))
      return { live: liveOk.filter((c) => c !== undefined), revoked: refused.filter((c) => c !== undefined) }
    }),
  )
  if (stop === 'crash') await redis.crash()
  else await redis.stop()
  const stoppedAt = Date.now()
  await redis.start()
  await waitUntilHealthy(targets)
  const recoveryMs = Date.now() - stoppedAt

  return Promise.all(
    targets.map(async (target, index): Promise<RestartRun> => {
      const url = target.server.url
      const { live, revoked } = before[index] as { live: Credential[]; revoked: Credential[] }
      const { effect, live: allLive, revoked: allRevoked } = held[index] as Held
      const withRefresh = allLive.some((credential) => credential.refreshToken)
      return {
        variant: target.variant.id,
        strategy: target.variant.strategy,
        persistence,
        stop,
        revocation_effect: effect,
        live: live.length,
        live_lost: await countWhere(live, refuses(url)),
        revoked: revoked.length,
        revoked_accepted_again: await countWhere(revoked, takes(url)),
        ...(withRefresh && {
          refresh: {
            live: allLive.length,
            lost: allLive.length - (await countWhere(allLive, refreshTakes(url))),
            revoked: allRevoked.length,
            accepted_again: await countWhere(allRevoked, refreshTakes(url)),
          },
        }),
        recovery_ms: recoveryMs,
      }
    }),
  )
}

/**
 * For each persistence mode and each way of stopping: a fresh Redis on one port (the servers,
 * started once, reconnect to each), logins per variant, half of them logged out, then Redis
 * stopped and started again from what it kept, and every credential asked again.
 */
export async function measureRestarts(
  variants: readonly VariantSpec[],
  env: Omit<LabServerEnv, 'redisUrl'>,
  options: RestartOptions,
  progress: Progress,
): Promise<RestartRun[]> {
  const dataRoot = await mkdtemp(join(tmpdir(), 'authlab-store-'))
  let redis = await startRedisServer()
  const runs: RestartRun[] = []
  let targets: StoreTarget[] = []
  try {
    progress.step(`store-restart: starting ${variants.length} servers`, 3)
    targets = await startStoreTargets(variants, { ...env, redisUrl: redis.url })
    for (const persistence of options.persistence) {
      for (const stop of options.stops) {
        progress.step(`store-restart: persistence ${persistence}, ${stop} restart`, restartSeconds(options, 1))
        await redis.stop()
        const dir = join(dataRoot, `${persistence}-${stop}`)
        redis = await startRedisServer({ port: redis.port, persistence, dir: await mkdtemp(`${dir}-`) })
        const measured = await restartOnce(redis, targets, persistence, stop, options)
        for (const run of measured) {
          progress.note(
            `${run.variant}: ${run.live_lost}/${run.live} live lost, ${run.revoked_accepted_again}/${run.revoked} revoked accepted again`,
          )
        }
        runs.push(...measured)
      }
    }
  } finally {
    await stopStoreTargets(targets)
    await redis.stop()
    await rm(dataRoot, { recursive: true, force: true })
  }
  return runs
}

/** Planned seconds: the logins and checks, and the servers reconnecting (up to 1 s back-off). */
export const restartSeconds = (options: RestartOptions, restarts = options.persistence.length * options.stops.length) =>
  restarts * (2 + options.credentials * 0.1)
