import { aggregateBursts } from '../results/aggregate.js'
import type { Spread } from '../results/results-types.js'
import { quantile } from '../results/statistics.js'
import { warmUp, type BurstTarget } from '../runner/burst.js'
import { login } from '../runner/credential.js'
import { usesRedis, type LabServerEnv } from '../runner/lab-servers.js'
import { startOpenLoad } from '../runner/open-load.js'
import type { Progress } from '../runner/progress.js'
import { startRedisServer } from '../runner/redis-server.js'
import { runRounds } from '../runner/rounds.js'
import { BASELINE_ID, type VariantSpec } from '../runner/variants.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { startDelayProxy } from './delay-proxy.js'
import { startStoreTargets, stopStoreTargets } from './store-servers.js'

export interface LatencyOptions {
  readonly rttsMs: readonly number[]
  /** Open model: paced requests per second per variant, for `openSeconds`. */
  readonly ratePerSecond: number
  readonly openSeconds: number
  /** Closed model: hot-read rounds (the baseline between every two bursts), as the load stages run them. */
  readonly rounds: number
  readonly burstS: number
  readonly connections: number
}

/** One variant at one RTT. */
export interface LatencyPoint {
  readonly variant: string
  readonly strategy: string
  readonly rtt_ms: number
  /** Open model, 2xx answers only. */
  readonly latency_ms: { readonly p50: number; readonly p90: number; readonly p99: number } | null
  readonly requests: number
  readonly non_2xx: number
  /** Closed model: hot-read req/s over the baseline's, median over rounds [q1-q3]. */
  readonly rps_ratio: Spread | null
  readonly rps: Spread | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round2 = (value: number) => Math.round(value * 100) / 100

async function openModelLatency(target: BurstTarget, options: LatencyOptions) {
  const load = startOpenLoad({
    url: `${target.url}/api/me`,
    headerSets: [target.credential.headers],
    ratePerSecond: options.ratePerSecond,
    giveUpMs: 10_000,
    maxInFlight: 256,
  })
  await sleep(options.openSeconds * 1000)
  await load.stop()
  const ok = load.records.filter((record) => record.status >= 200 && record.status < 300)
  const latencies = ok.map((record) => record.receivedAt - record.sentAt)
  return {
    latency_ms: latencies.length
      ? {
          p50: round2(quantile(latencies, 0.5)),
          p90: round2(quantile(latencies, 0.9)),
          p99: round2(quantile(latencies, 0.99)),
        }
      : null,
    requests: load.records.length,
    non_2xx: load.records.length - ok.length,
  }
}

/**
 * For each RTT: a delay proxy in front of one private Redis, every variant's server connected
 * through it (the baseline too, though it never asks Redis), then per variant an open-model
 * latency measurement and hot-read rounds with the baseline between every two bursts.
 */
export async function measureLatency(
  variants: readonly VariantSpec[],
  env: Omit<LabServerEnv, 'redisUrl'>,
  options: LatencyOptions,
  progress: Progress,
): Promise<LatencyPoint[]> {
  const redis = await startRedisServer()
  const points: LatencyPoint[] = []
  const scenario = SCENARIOS['hot-read']
  try {
    for (const rttMs of options.rttsMs) {
      progress.step(`store-latency: RTT ${rttMs} ms, starting ${variants.length} servers`, 3)
      const proxy = await startDelayProxy(redis.port, rttMs)
      const servers = await startStoreTargets(variants, { ...env, redisUrl: proxy.url }).catch(async (error) => {
        await proxy.stop()
        throw error
      })
      try {
        const targets: BurstTarget[] = []
        for (const { variant, server } of servers) {
          const credential = await login(server.url)
          targets.push({
            variant: variant.id,
            url: server.url,
            pid: server.pid,
            credential,
            usesRedis: usesRedis(variant),
          })
        }
        const open = new Map<string, Awaited<ReturnType<typeof openModelLatency>>>()
        for (const target of targets) {
          progress.step(`store-latency: RTT ${rttMs} ms, ${target.variant}, open model`, options.openSeconds + 1)
          await warmUp(target, scenario, options.connections, 1)
          open.set(target.variant, await openModelLatency(target, options))
        }
        const samples = await runRounds(
          targets,
          {
            label: `store-latency: RTT ${rttMs} ms, hot read`,
            scenario,
            connections: options.connections,
            durationS: options.burstS,
            rounds: options.rounds,
            baseline: BASELINE_ID,
          },
          undefined,
          progress,
        )
        const aggregate = aggregateBursts(samples, BASELINE_ID)[0]
        for (const { variant } of servers) {
          const closed = aggregate?.variants.find((entry) => entry.variant === variant.id)
          const measured = open.get(variant.id)
          points.push({
            variant: variant.id,
            strategy: variant.strategy,
            rtt_ms: rttMs,
            latency_ms: measured?.latency_ms ?? null,
            requests: measured?.requests ?? 0,
            non_2xx: measured?.non_2xx ?? 0,
            rps_ratio: closed?.rps_ratio ?? null,
            rps: closed?.rps ?? null,
          })
          progress.note(
            `${variant.id} at ${rttMs} ms: p50 ${measured?.latency_ms?.p50 ?? '–'} ms, ratio ${closed?.rps_ratio?.median.toFixed(2) ?? '–'}`,
          )
        }
      } finally {
        await stopStoreTargets(servers)
        await proxy.stop()
      }
    }
  } finally {
    await redis.stop()
  }
  return points
}

/** Planned seconds: per RTT, servers, and per variant a warm-up, the open model and its bursts. */
export const latencySeconds = (variants: number, options: LatencyOptions) =>
  options.rttsMs.length * (3 + variants * (1 + options.openSeconds + 2 * options.rounds * options.burstS))
