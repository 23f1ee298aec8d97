import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { login } from '../runner/credential.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import { startOpenLoad, type OpenLoad } from '../runner/open-load.js'
import type { Progress } from '../runner/progress.js'
import { startRedisServer, type RedisServer } from '../runner/redis-server.js'
import type { VariantSpec } from '../runner/variants.js'
import { logout } from './credential-checks.js'
import { analyseOutage, binOutage, type OutageCounts, type OutageTimeline } from './outage-analysis.js'
import {
  mustFailClosed,
  startStoreTargets,
  stopStoreTargets,
  waitUntilHealthy,
  type StoreTarget,
} from './store-servers.js'

/** `kill`: SIGKILL, started again after the outage. `stall`: SIGSTOP, then SIGCONT (up, but silent). */
export const OUTAGE_MODES = ['kill', 'stall'] as const
export type OutageMode = (typeof OUTAGE_MODES)[number]

export interface OutageOptions {
  readonly modes: readonly OutageMode[]
  readonly seconds: number
  /** Paced requests per second per variant (open model), half with a live credential, half with a logged-out one. */
  readonly ratePerSecond: number
  readonly leadInMs: number
  /** After the store is back: load goes on until every variant served again, at most this long. */
  readonly tailMs: number
  /** The servers' AUTHLAB_STORE_TIMEOUT_MS: how long a store call may take before a 503. */
  readonly storeTimeoutMs: number
  readonly binMs: number
}

export interface OutageRun extends OutageCounts {
  readonly variant: string
  readonly strategy: string
  readonly mode: OutageMode
  /** From the registry: its reads ask the store and it was not told to fail open, so it must serve nothing. */
  readonly must_fail_closed: boolean
  /** Started with `store-failure=open` (INSECURE): measured for its price, never a candidate. */
  readonly insecure_fail_open: boolean
  readonly revocation_effect: string
  readonly skipped: number
  readonly timeline: OutageTimeline
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const servedSince = (load: OpenLoad, since: number) =>
  load.records.some((record) => record.replica === 0 && record.sentAt >= since && record.status === 200)

async function outageOnce(
  redis: RedisServer,
  targets: readonly StoreTarget[],
  mode: OutageMode,
  options: OutageOptions,
): Promise<OutageRun[]> {
  await waitUntilHealthy(targets)
  const held = await Promise.all(
    targets.map(async (target) => {
      const live = await login(target.server.url)
      const revoked = await login(target.server.url)
      return { live, revoked, effect: await logout(target.server.url, revoked) }
    }),
  )
  const startAt = performance.now()
  const loads = targets.map((target, index) =>
    startOpenLoad({
      url: `${target.server.url}/api/me`,
      headerSets: [held[index]?.live.headers ?? {}, held[index]?.revoked.headers ?? {}],
      ratePerSecond: options.ratePerSecond,
      // "Hung": no answer within the store timeout plus a second.
      giveUpMs: options.storeTimeoutMs + 1000,
      maxInFlight: 256,
    }),
  )
  await sleep(options.leadInMs)
  const goingAt = performance.now()
  if (mode === 'kill') await redis.crash()
  else redis.signal('SIGSTOP')
  const downAt = performance.now()
  await sleep(options.seconds * 1000)
  const backAt = performance.now()
  if (mode === 'kill') await redis.start()
  else redis.signal('SIGCONT')
  while (performance.now() - backAt < options.tailMs && !loads.every((load) => servedSince(load, backAt))) {
    await sleep(100)
  }
  await sleep(300)
  await Promise.all(loads.map((load) => load.stop()))

  return targets.map((target, index) => {
    const load = loads[index] as OpenLoad
    const times = { goingAt, downAt, backAt, startAt }
    return {
      variant: target.variant.id,
      strategy: target.variant.strategy,
      mode,
      must_fail_closed: mustFailClosed(target.variant),
      insecure_fail_open: target.variant.flags['store-failure'] === 'open',
      revocation_effect: held[index]?.effect ?? '-',
      ...analyseOutage(load.records, times, 1),
      skipped: load.skipped(),
      timeline: binOutage(load.records, times, options.binMs),
    }
  })
}

/**
 * One server per variant on a private Redis that keeps its data (AOF), so a killed and restarted
 * store comes back with the sessions it had: this measures availability, store-restart measures
 * durability. For each mode: paced load on every variant at once, the store taken away for
 * `seconds`, then given back, and load until every variant served again.
 */
export async function measureOutages(
  variants: readonly VariantSpec[],
  env: Omit<LabServerEnv, 'redisUrl'>,
  options: OutageOptions,
  progress: Progress,
): Promise<OutageRun[]> {
  const dir = await mkdtemp(join(tmpdir(), 'authlab-outage-'))
  const redis = await startRedisServer({ persistence: 'aof', dir })
  let targets: StoreTarget[] = []
  const runs: OutageRun[] = []
  try {
    progress.step(`store-outage: starting ${variants.length} servers`, 3)
    const storeEnv = { AUTHLAB_STORE_TIMEOUT_MS: String(options.storeTimeoutMs) }
    targets = await startStoreTargets(variants, { ...env, redisUrl: redis.url }, storeEnv)
    for (const mode of options.modes) {
      progress.step(
        `store-outage: Redis ${mode === 'kill' ? 'killed' : 'stalled'} for ${options.seconds} s`,
        outageSeconds(options, 1),
      )
      const measured = await outageOnce(redis, targets, mode, options)
      for (const run of measured) {
        progress.note(
          `${run.variant}: ${run.served_during_outage} served, ${run.refused_during_outage} refused, ${run.hung} hung during the outage; ` +
            `${run.revoked_accepted_during_outage} revoked accepted; recovered in ${run.recovery_ms ?? '–'} ms`,
        )
      }
      runs.push(...measured)
    }
  } finally {
    await stopStoreTargets(targets)
    await redis.stop()
    await rm(dir, { recursive: true, force: true })
  }
  return runs
}

/** Planned seconds: logins, lead-in, the outage, and recovery. */
export const outageSeconds = (options: OutageOptions, modes = options.modes.length) =>
  modes * (1 + options.leadInMs / 1000 + options.seconds + 1.5)

/** Sentences for the run's warnings: a stateful read let through, or a request that hung. */
export function outageFailures(runs: readonly OutageRun[]): string[] {
  return runs.flatMap((run) => [
    ...(run.must_fail_closed && run.served_during_outage > 0
      ? [
          `STORE OUTAGE: ${run.variant} served ${run.served_during_outage} request(s) unchecked while Redis was ${run.mode === 'kill' ? 'down' : 'stalled'} (it must fail closed)`,
        ]
      : []),
    ...(run.hung > 0
      ? [
          `STORE OUTAGE: ${run.variant} left ${run.hung} request(s) unanswered past the store timeout + 1 s (${run.mode})`,
        ]
      : []),
  ])
}
