import type { BurstSample, RunResults, TargetsRecord } from '../results/results-types.js'
import type { TargetsPlan } from './targets-file.js'

/** The stages that load servers the lab did not start; the others are left out of a `--targets` run. */
export const TARGET_STAGES: readonly string[] = ['warm-up', 'throughput', 'sweep']

const WHY_SKIPPED: Readonly<Record<string, string>> = {
  ceiling: 'it loads a bare server it starts on this machine',
  cpu: "it runs each strategy inside the lab's own process",
  profile: "it profiles each strategy inside the lab's own process",
  revocation: 'it starts replicas of its own to revoke on',
  refusal: 'it starts servers of its own, with keys it knows, to forge the credentials they refuse',
  attacks: 'it starts servers of its own (authlab attack --target URL runs the catalogue against one server)',
  store: 'it stops, kills and stalls a Redis of its own',
  failover: 'it starts a Redis Sentinel topology and HAProxy of its own',
  browser: 'it starts servers of its own for Chromium',
}

/** Every stage a targets run leaves out, with the reason (a stage not listed above starts its own servers). */
export const skippedOnTargets = (stages: readonly string[]) =>
  stages
    .filter((stage) => !TARGET_STAGES.includes(stage))
    .map((stage) => ({ stage, reason: WHY_SKIPPED[stage] ?? 'it starts servers of its own' }))

/** How far metrics CPU may stray from /proc's before the run says so: the same quantity, read twice. */
export const CROSS_CHECK_TOLERANCE = 0.15

/**
 * The metrics' CPU over /proc's for one variant, over every burst that read both (total CPU, not a
 * median of ratios: the long bursts weigh more, the 10 ms ticks of /proc matter less).
 */
export function metricsToProc(samples: readonly BurstSample[]): number | undefined {
  let proc = 0
  let metrics = 0
  for (const sample of samples) {
    if (!sample.valid || sample.server_cpu_us_per_req === null) continue
    if (sample.server_cpu_metrics_us_per_req === undefined || sample.server_cpu_metrics_us_per_req === null) continue
    proc += sample.server_cpu_us_per_req * sample.requests
    metrics += sample.server_cpu_metrics_us_per_req * sample.requests
  }
  return proc > 0 ? metrics / proc : undefined
}

/** What results.json says about the targets (in its environment), and the cross-check's warnings. */
export function targetsRecord(
  plan: TargetsPlan,
  stages: readonly string[],
  sections: Pick<RunResults, 'throughput' | 'sweep'>,
): { readonly record: TargetsRecord; readonly warnings: string[] } {
  const samples = [...(sections.throughput?.samples ?? []), ...(sections.sweep?.samples ?? [])]
  const warnings: string[] = []
  const variants = plan.targets.map(({ variant, urls, processes, redisUrl }) => {
    const ratio = metricsToProc(samples.filter((sample) => sample.variant === variant.id))
    if (ratio !== undefined && Math.abs(ratio - 1) > CROSS_CHECK_TOLERANCE)
      warnings.push(
        `${variant.id}: server CPU from the metrics is ${ratio.toFixed(2)}× what /proc says (more than ±${CROSS_CHECK_TOLERANCE * 100}% apart): one of them does not read the process it should`,
      )
    const local = processes.length > 0 && processes.every((process) => process.pid !== undefined)
    const scraped = processes.length > 0 && processes.every((process) => process.metricsUrl !== undefined)
    return {
      id: variant.id,
      urls,
      processes: processes.length,
      server_cpu: local ? ('/proc' as const) : scraped ? ('metrics' as const) : null,
      // The host only: a Redis URL may carry a user name.
      redis: redisUrl ? new URL(redisUrl).host : null,
      ...(ratio !== undefined && { metrics_to_proc_cpu: ratio }),
    }
  })
  return { record: { file: plan.file, variants, skipped_stages: skippedOnTargets(stages) }, warnings }
}
