import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { strategyEntry } from '../../servers/registry.js'
import { spawnServer, type ServerProcess } from './server-process.js'
import { serveFlags, type VariantSpec } from './variants.js'

const CLI = fileURLToPath(new URL('../../bin/authlab.js', import.meta.url))
const CEILING_SERVER = fileURLToPath(new URL('./ceiling-server.ts', import.meta.url))

/**
 * Password-hash cost for servers whose logins are not measured (revocation, attacks, soak): the
 * code path is the same, only the work factor is lower, so replicas start in a fraction of the time.
 */
export const CHEAP_SCRYPT_LOG_N = 12

export interface LabServerEnv {
  readonly redisUrl: string
  /** Unique per run, so servers of two runs (or of one run) never share a Redis key. */
  readonly keyPrefix: string
  readonly scryptLogN: number
  /** taskset CPU list for the servers, when pinning. */
  readonly cpus?: string
}

/** The AUTHLAB_KEY_PREFIX startVariantServer gives a variant's server: every key it writes starts with it. */
export const serverKeyPrefix = (variant: VariantSpec, env: LabServerEnv) =>
  `${env.keyPrefix}${variant.id.replace(/[^a-z0-9]+/gi, '-')}:`

/** Starts `authlab serve <strategy>` for one variant in its own process, on a free port. */
export function startVariantServer(
  variant: VariantSpec,
  env: LabServerEnv,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  return spawnServer({
    label: `server ${variant.id}`,
    args: [CLI, 'serve', variant.strategy, '--port', '0', ...serveFlags(variant)],
    env: {
      ...process.env,
      REDIS_URL: env.redisUrl,
      AUTHLAB_KEY_PREFIX: serverKeyPrefix(variant, env),
      AUTHLAB_SCRYPT_LOG_N: String(env.scryptLogN),
      // The login storm uses the right password, which the limiter never counts; this is a guard,
      // so that a storm can never be throttled into measuring 429s.
      AUTHLAB_LOGIN_MAX_FAILURES: '1000000',
      // Long enough that no credential expires during a run.
      AUTHLAB_TOKEN_TTL: '7200',
      ...extraEnv,
    },
    ...(env.cpus !== undefined && { cpus: env.cpus }),
  })
}

export const usesRedis = (variant: VariantSpec) => strategyEntry(variant.strategy).needsRedis(variant.options)

/** The bare node:http server the ceiling experiment loads, run through tsx like the CLI. */
export function startCeilingServer(cpus: string | undefined): Promise<ServerProcess> {
  return spawnServer({
    label: 'ceiling server',
    args: ['--import', 'tsx', CEILING_SERVER],
    env: process.env,
    ...(cpus !== undefined && { cpus }),
  })
}

/**
 * Each server hashes its demo passwords at start (scrypt, ~0.6 s each at the real cost). Started all
 * at once, fifteen servers queue ~45 hashes on two cores and miss their start timeout; one per CPU
 * at a time takes as long in total and each start stays short.
 */
export async function startFewAtATime<T, R>(
  items: readonly T[],
  start: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await start(items[index] as T).then(
        (value) => ({ status: 'fulfilled' as const, value }),
        (reason: unknown) => ({ status: 'rejected' as const, reason }),
      )
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, cpus().length) }, worker))
  return results
}
