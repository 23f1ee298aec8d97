import type { RequestListener } from 'node:http'
import { loadConfig } from '../../servers/core/config.js'
import { createLabServer, type LabServer } from '../../servers/lab-server.js'
import { aggregateCpu } from '../results/aggregate.js'
import type { CpuSample, CpuSection, RunOptions } from '../results/results-types.js'
import { login, type Credential } from '../runner/credential.js'
import { injectRequest } from '../runner/in-process-request.js'
import type { Progress } from '../runner/progress.js'
import { roundOrder } from '../runner/rounds.js'
import type { VariantSpec } from '../runner/variants.js'
import { SCENARIOS } from '../scenarios/scenarios.js'

export interface CpuCostOptions {
  readonly redisUrl: string
  readonly keyPrefix: string
}

// Only hot reads are measured here and a password hash is never on their path, so the seeded users
// are hashed at the lowest cost: full cost would add seconds of start-up per variant and change nothing.
const SEED_SCRYPT_LOG_N = '10'

// Enough requests in flight that a strategy waiting on Redis is not measured as idle time; CPU is
// counted for the whole process anyway, so the number does not change what is counted.
const IN_FLIGHT = 8

export interface InProcessTarget {
  readonly variant: string
  readonly server: LabServer
  /** Where it listens (the login went there, over HTTP). */
  readonly url: string
  readonly dispatch: RequestListener
  readonly credential: Credential
  /** What each read must answer: 200, or 401 for a credential the server must refuse. */
  readonly expectedStatus?: number
}

/** `count` hot reads injected straight into the app; returns how many did not answer as expected. */
export async function injectReads(target: InProcessTarget, count: number): Promise<number> {
  let failures = 0
  let next = 0
  const worker = async () => {
    while (next < count) {
      next += 1
      const response = await injectRequest(target.dispatch, {
        method: 'GET',
        url: SCENARIOS['hot-read'].path,
        headers: target.credential.headers,
      })
      if (response.status !== (target.expectedStatus ?? 200)) failures += 1
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  return failures
}

/** `secrets`: the server's secrets in env form (attacks/server-keys.ts), when the caller must sign with them. */
export async function createInProcessTarget(
  variant: VariantSpec,
  options: CpuCostOptions,
  secrets: Readonly<Record<string, string>> = {},
): Promise<InProcessTarget> {
  const config = loadConfig({
    ...secrets,
    REDIS_URL: options.redisUrl,
    AUTHLAB_KEY_PREFIX: `${options.keyPrefix}cpu-${variant.id.replace(/[^a-z0-9]+/gi, '-')}:`,
    AUTHLAB_SCRYPT_LOG_N: SEED_SCRYPT_LOG_N,
    AUTHLAB_TOKEN_TTL: '7200',
  })
  const server = await createLabServer({ strategy: variant.strategy, options: variant.options, config, log: () => {} })
  const dispatch = server.app as unknown as RequestListener
  try {
    // The login itself goes over loopback HTTP (it is not measured); only the reads are injected.
    const url = await server.listen(0, '127.0.0.1')
    const credential = await login(url)
    return { variant: variant.id, server, url, dispatch, credential }
  } catch (error) {
    // Not yet in the caller's list of targets to close: close it here, or its Redis connection
    // keeps the whole run's process alive after it has written its results.
    await server.close(0)
    throw error
  }
}

/**
 * CPU µs per authenticated request with no network in the way: the app is called directly, in this
 * process, with nothing else running. Differences of a few µs that HTTP load cannot separate (API
 * key vs JWT vs session) show here. Redis's own CPU is not in this number; the HTTP bursts report it.
 */
export async function runCpuCost(
  variants: readonly VariantSpec[],
  runOptions: RunOptions,
  baseline: string,
  options: CpuCostOptions,
  progress: Progress,
): Promise<CpuSection> {
  const targets: InProcessTarget[] = []
  const samples: CpuSample[] = []
  try {
    for (const variant of variants) targets.push(await createInProcessTarget(variant, options))
    for (const target of targets) await injectReads(target, runOptions.cpu_requests) // warm-up, not counted
    for (let round = 0; round < runOptions.cpu_rounds; round += 1) {
      progress.step(`in-process CPU cost: round ${round + 1}/${runOptions.cpu_rounds}`, 0)
      // Like the hot read: the baseline between every two others, each difference taken against
      // its neighbours, because this process's speed drifts too (GC, the machine).
      for (const [position, target] of roundOrder(targets, baseline).entries()) {
        const before = process.cpuUsage()
        const failures = await injectReads(target, runOptions.cpu_requests)
        const used = process.cpuUsage(before)
        samples.push({
          variant: target.variant,
          round,
          position,
          requests: runOptions.cpu_requests,
          cpu_us_per_req: (used.user + used.system) / runOptions.cpu_requests,
          valid: failures === 0,
          ...(failures > 0 && { invalid_reason: `${failures} requests did not answer 200` }),
        })
      }
    }
  } finally {
    await Promise.all(targets.map((target) => target.server.close(0)))
  }
  return {
    scenario: SCENARIOS['hot-read'].name,
    requests_per_sample: runOptions.cpu_requests,
    rounds: runOptions.cpu_rounds,
    samples,
    aggregates: aggregateCpu(samples, baseline),
  }
}
