import type { Check } from '../runner/verify.js'
import type { BurstTarget } from '../runner/burst.js'
import type { Progress } from '../runner/progress.js'
import { createRedisProbe, type RedisProbe } from '../runner/redis-stats.js'
import { serverCpuReader, type ServerCpuReader } from '../runner/server-cpu.js'
import { usesRedis } from '../runner/lab-servers.js'
import type { VariantRecord } from '../results/results-types.js'
import { checkServer, record, type PreparedTargets } from '../runner/prepare-targets.js'
import type { Target, TargetsPlan } from './targets-file.js'

/** What a targets run has prepared: the targets that passed, and the Redis probes it opened. */
export interface PreparedRemote extends PreparedTargets {
  /** The Redis versions the targets' INFO answered, one per Redis. */
  readonly redisVersions: readonly string[]
}

/** Checks that are not the contract's: every replica takes the one credential, CPU and Redis can be read. */
async function extraChecks(target: Target, burstTarget: BurstTarget, probe: Promise<RedisProbe> | undefined) {
  const checks: Check[] = []
  for (const url of target.urls.slice(1)) {
    const status = await fetch(`${url}/api/me`, { headers: burstTarget.credential.headers })
      .then(async (response) => (await response.arrayBuffer(), response.status))
      .catch((error: Error) => error.message)
    checks.push({ name: 'replica', ok: status === 200, detail: `GET ${url}/api/me with the credential: ${status}` })
  }
  if (burstTarget.serverCpu) checks.push(await cpuCheck(target, burstTarget.serverCpu))
  if (probe) {
    const host = new URL(target.redisUrl as string).host
    const [ok, detail] = await probe.then(
      (redis) => [true, `Redis ${redis.version} at ${host}`] as const,
      (error: Error) => [false, `Redis at ${host}: ${error.message}`] as const,
    )
    checks.push({ name: 'redis', ok, detail })
  }
  return checks
}

/** The server CPU can be read from every source the file promised: /proc for pids, metrics for URLs. */
async function cpuCheck(target: Target, read: ServerCpuReader): Promise<Check> {
  const reading = await read()
  const wanted = {
    '/proc': target.processes.every((process) => process.pid !== undefined),
    metrics: target.processes.every((process) => process.metricsUrl !== undefined),
  }
  const got = { '/proc': reading.procMicros !== undefined, metrics: reading.metricsMicros !== undefined }
  const missing = (['/proc', 'metrics'] as const).filter((source) => wanted[source] && !got[source])
  const ok = (wanted['/proc'] || wanted.metrics) && missing.length === 0
  const detail = ok
    ? `read from ${(['/proc', 'metrics'] as const).filter((source) => got[source]).join(' and ')}`
    : missing.length
      ? `cannot read ${missing.join(' or ')} of every process (the server's metrics off, a wrong token, a pid not on this machine?)`
      : 'give every process a metrics_url, or every one a pid'
  return { name: 'server cpu', ok, detail }
}

/**
 * The `--targets` counterpart of prepareTargets: nothing is started; every base URL of every target
 * is checked against the contract (checkServer, the same gate as for the lab's own servers), then
 * its CPU and Redis are read once. A target that fails any of it is recorded and never loaded.
 */
export async function prepareRemoteTargets(plan: TargetsPlan, progress: Progress): Promise<PreparedRemote> {
  const probes = new Map<string, Promise<RedisProbe>>()
  const probeFor = (url: string) => {
    if (!probes.has(url)) probes.set(url, createRedisProbe(url))
    return probes.get(url) as Promise<RedisProbe>
  }
  const records: VariantRecord[] = []
  const targets: BurstTarget[] = []
  for (const target of plan.targets) {
    const { variant, urls, user, processes } = target
    const checked = []
    for (const url of urls) checked.push(await checkServer(variant, url, progress, user))
    const failed = checked.find((entry) => !entry.credential)
    const first = checked[0]
    if (failed || !first?.credential) {
      records.push(failed?.record ?? record(variant, { failure: 'no URL' }))
      continue
    }
    const probe = target.redisUrl && usesRedis(variant) ? probeFor(target.redisUrl) : undefined
    const burstTarget: BurstTarget = {
      variant: variant.id,
      url: urls[0] as string,
      ...(urls.length > 1 && { replicaUrls: urls }),
      pid: processes.find((process) => process.pid)?.pid ?? 0,
      credential: first.credential,
      usesRedis: probe !== undefined,
      ...(probe && { redis: await probe.catch(() => undefined) }),
      loginBody: user,
      ...(processes.length > 0 && { serverCpu: serverCpuReader(processes) }),
    }
    const extra = await extraChecks(target, burstTarget, probe)
    const checks = [...checked.flatMap((entry) => entry.record.checks), ...extra]
    const failures = extra.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`)
    records.push({
      ...first.record,
      checks,
      ...(failures.length && { status: 'failed', failure: failures.join('; ') }),
    })
    if (failures.length) progress.note(`${variant.id}: FAILED, not measured (${failures.join('; ')})`)
    else {
      targets.push(burstTarget)
      progress.note(`${variant.id}: ${checks.length} checks passed (${urls.join(', ')})`)
    }
  }
  const opened = (await Promise.allSettled(probes.values())).flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  )
  return {
    records,
    targets,
    servers: [],
    redisVersions: [...new Set(opened.map((probe) => probe.version))],
    // Nothing here was started by the lab: "stop" only closes the Redis connections it opened.
    stopAll: async () => void (await Promise.all(opened.map((probe) => probe.close()))),
  }
}
