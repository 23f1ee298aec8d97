import { strategyEntry } from '../../servers/registry.js'
import { startFewAtATime, startVariantServer, type LabServerEnv } from '../runner/lab-servers.js'
import type { ServerProcess } from '../runner/server-process.js'
import { parseVariant, type VariantSpec } from '../runner/variants.js'

/** One variant's server, started against the store under test. */
export interface StoreTarget {
  readonly variant: VariantSpec
  readonly server: ServerProcess
}

/**
 * The variants the store experiments cover, as each strategy's registry entry lists them for the
 * revocation experiment (no caches): every token mode and the stateful strategies. `compact` keeps
 * one of each lesson (a token nobody can revoke, a denylist, a session, an API key).
 */
export function storeVariants(
  strategies: readonly string[],
  compact: boolean,
  cacheTtlsMs: readonly number[] = [],
): VariantSpec[] {
  return [...new Set(strategies)].flatMap((strategy) =>
    (strategyEntry(strategy).revocationVariants?.({ cacheTtlsMs, compact }) ?? []).map((flags) =>
      parseVariant(flags ? `${strategy}:${flags}` : strategy),
    ),
  )
}

/** Starts one server per variant (a few at a time), all on `env.redisUrl`; stops them all if one fails. */
export async function startStoreTargets(
  variants: readonly VariantSpec[],
  env: LabServerEnv,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<StoreTarget[]> {
  const started = await startFewAtATime(variants, (variant) => startVariantServer(variant, env, extraEnv))
  const servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
  const failed = started.find((outcome) => outcome.status === 'rejected')
  if (failed) {
    await Promise.all(servers.map((server) => server.stop()))
    throw failed.reason
  }
  return variants.map((variant, index) => ({ variant, server: servers[index] as ServerProcess }))
}

export const stopStoreTargets = (targets: readonly StoreTarget[]) =>
  Promise.all(targets.map((target) => target.server.stop()))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits until every server says its store answers (/health 200): node-redis reconnects by itself,
 * with a back-off of up to 1 s. Resolves with the milliseconds it took; throws after `timeoutMs`.
 */
export async function waitUntilHealthy(targets: readonly StoreTarget[], timeoutMs = 15_000): Promise<number> {
  const startedAt = Date.now()
  const healthy = async (target: StoreTarget) => {
    try {
      return (await fetch(`${target.server.url}/health`, { signal: AbortSignal.timeout(2000) })).status === 200
    } catch {
      return false
    }
  }
  let pending = [...targets]
  while (pending.length > 0) {
    const answers = await Promise.all(pending.map(healthy))
    pending = pending.filter((_target, index) => !answers[index])
    if (pending.length === 0) break
    if (Date.now() - startedAt > timeoutMs) {
      throw new Error(
        `store not healthy again within ${timeoutMs} ms for ${pending.map((t) => t.variant.id).join(', ')}`,
      )
    }
    await sleep(50)
  }
  return Date.now() - startedAt
}

/**
 * The same variants plus, for each whose read asks a denylist that can be told to fail open, a
 * copy with `store-failure=open` (INSECURE, opt-in): what the outage experiment measures the price of.
 */
export function withFailOpen(variants: readonly VariantSpec[]): VariantSpec[] {
  const open = variants.flatMap((variant) => {
    const entry = strategyEntry(variant.strategy)
    if (!entry.options.includes('storeFailure') || !entry.checksStoreOnRead(variant.options)) return []
    if (variant.flags['store-failure']) return []
    return [parseVariant(`${variant.id}${variant.id.includes(':') ? ',' : ':'}store-failure=open`)]
  })
  return [...variants, ...open]
}

/** Whether the registry says this variant's reads ask the store, and it was not told to fail open. */
export const mustFailClosed = (variant: VariantSpec) =>
  strategyEntry(variant.strategy).checksStoreOnRead(variant.options) && variant.flags['store-failure'] !== 'open'
