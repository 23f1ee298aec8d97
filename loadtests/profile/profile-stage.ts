import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInProcessTarget, injectReads, type InProcessTarget } from '../experiments/cpu-cost.js'
import type { CpuSection } from '../results/results-types.js'
import { readThreadCpuMicros } from '../runner/process-cpu.js'
import type { Progress } from '../runner/progress.js'
import type { RefusalKind } from '../refusal/refusal-targets.js'
import { shuffled } from '../runner/rounds.js'
import type { VariantSpec } from '../runner/variants.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { mergeProfiles, attribute } from './profile-attribution.js'
import { profileWhile, SAMPLING_INTERVAL_US, type CpuProfile } from './cpu-profiler.js'
import { createRefusedTarget } from './profile-credential.js'
import { buildProfileSection, type ProfileRound, type ProfileSection, type SliceCpu } from './profile-section.js'

export interface ProfileStageOptions {
  readonly redisUrl: string
  readonly keyPrefix: string
  /** Profiled seconds per variant, split over the rounds; as many unprofiled seconds again. */
  readonly seconds: number
  readonly rounds: number
  /** Where the `.cpuprofile` files go: the run's results directory. */
  readonly outDir: string
  /** Default SAMPLING_INTERVAL_US. */
  readonly samplingIntervalUs?: number
  /** The lab's in-process CPU stage of the same run, for the cross-check. */
  readonly cpuStage?: CpuSection
  /**
   * What every variant but the baseline presents: `valid` (default, the hot read) or a kind it must
   * refuse (`authlab profile --credential`); its variants are then labelled `jwt/malformed`.
   */
  readonly credential?: RefusalKind
}

const STARTUP_SECONDS = 2.5

/** Per variant: starting and logging in, the warm-up, then profiled and unprofiled slices of equal length. */
export const profileStageSeconds = (variants: number, options: Pick<ProfileStageOptions, 'seconds'>) =>
  variants * (STARTUP_SECONDS + 2 * options.seconds)

const WARM_UP_REQUESTS = 500
const CHUNK = 100

/** Hot reads for about `ms` milliseconds; returns how many were made (any other status than expected throws). */
async function readsFor(target: InProcessTarget, ms: number): Promise<number> {
  const until = performance.now() + ms
  let requests = 0
  while (performance.now() < until) {
    const failures = await injectReads(target, CHUNK)
    if (failures > 0)
      throw new Error(`${target.variant}: ${failures} hot reads did not answer ${target.expectedStatus ?? 200}`)
    requests += CHUNK
  }
  return requests
}

/** CPU time of the process and of its main thread over `work`. */
async function measureSlice(work: () => Promise<number>): Promise<SliceCpu> {
  const mainBefore = readThreadCpuMicros(process.pid, process.pid)
  const before = process.cpuUsage()
  const requests = await work()
  const used = process.cpuUsage(before)
  const mainAfter = readThreadCpuMicros(process.pid, process.pid)
  return {
    requests,
    process_cpu_us: used.user + used.system,
    main_thread_cpu_us: mainBefore !== undefined && mainAfter !== undefined ? mainAfter - mainBefore : undefined,
  }
}

/** What the variants present, in the method's words: the hot read's valid credential, or a refused one. */
const presented = (credential: RefusalKind | undefined) =>
  credential === undefined || credential === 'valid'
    ? ''
    : ` Every variant but the baseline presents a ${credential} credential (the refusal stage's kind), ` +
      `every read answered 401; the baseline reads as always.`

export const profileMethod = (
  options: Pick<ProfileStageOptions, 'seconds' | 'rounds' | 'credential'>,
  intervalUs: number,
) =>
  `V8's sampling CPU profiler (inspector Profiler domain, a sample every ${intervalUs} µs) on the process serving ` +
  `the hot read (GET /api/me) in-process, as the in-process CPU measurement does: requests injected straight into ` +
  `the app, 8 in flight, no sockets. Per variant ${options.seconds} s profiled over ${options.rounds} rounds (new ` +
  `order each round), each profiled slice right after an unprofiled one of the same length. Each sample's top ` +
  `frame is put in a category by its module URL and function name (Node internals and builtins take their ` +
  `caller's category). The µs are the unprofiled slices' CPU time (the in-process CPU measurement's method), split ` +
  `by the profiled slices' samples: the main thread's time (/proc) by the sample shares, the rest of the process ` +
  `(thread-pool crypto, GC helper threads) as "other threads". The profiler slows what it watches (see the ` +
  `overhead below), so its own totals are not the cost. The baseline (none) is subtracted category by category; ` +
  `shares are of the positive differences.${presented(options.credential)}`

/**
 * Profiles every variant under the hot read and writes `<variant>.cpuprofile` files into
 * `options.outDir`. In this process: call it with nothing else running. The baseline must be one of
 * `variants` (the section subtracts it).
 */
export async function runProfileStage(
  variants: readonly VariantSpec[],
  baseline: string,
  options: ProfileStageOptions,
  progress: Progress,
): Promise<{ section: ProfileSection | undefined; failures: string[] }> {
  const failures: string[] = []
  const targets: InProcessTarget[] = []
  const measured = new Map<string, ProfileRound[]>()
  const profiles = new Map<string, CpuProfile[]>()
  const sliceMs = (options.seconds * 1000) / options.rounds
  const interval = options.samplingIntervalUs ?? SAMPLING_INTERVAL_US
  try {
    for (const variant of variants) {
      progress.step(`profile: starting ${variant.id} in-process`, STARTUP_SECONDS)
      try {
        const kind = options.credential ?? 'valid'
        const target =
          kind === 'valid' || variant.id === baseline
            ? await createInProcessTarget(variant, options)
            : await createRefusedTarget(variant, kind, options)
        targets.push(target)
        await injectReads(target, WARM_UP_REQUESTS)
      } catch (error) {
        const reason = `${variant.id}: not profiled: ${(error as Error).message.split('\n')[0]}`
        progress.note(reason)
        failures.push(reason)
      }
    }
    if (!targets.some((target) => target.variant === baseline)) {
      failures.push(`profile: the baseline ${baseline} did not start, so nothing can be subtracted`)
      return { section: undefined, failures }
    }
    // In the order asked for (baseline first), whatever order the rounds ran in.
    for (const target of targets) measured.set(target.variant, [])
    for (let round = 0; round < options.rounds; round += 1) {
      for (const target of shuffled(targets)) {
        progress.step(`profile: round ${round + 1}/${options.rounds}, ${target.variant}`, (2 * sliceMs) / 1000)
        const unprofiled = await measureSlice(() => readsFor(target, sliceMs))
        let profile: CpuProfile | undefined
        const profiled = await measureSlice(async () => {
          const run = await profileWhile(() => readsFor(target, sliceMs), interval)
          profile = run.profile
          return run.result
        })
        if (!profile) throw new Error('the profiler returned no profile')
        measured.get(target.variant)?.push({ round, unprofiled, profiled, attribution: attribute(profile) })
        profiles.set(target.variant, [...(profiles.get(target.variant) ?? []), profile])
      }
    }
  } finally {
    await Promise.all(targets.map((target) => target.server.close(0)))
  }
  await mkdir(options.outDir, { recursive: true })
  const files = new Map<string, string>()
  for (const [variant, parts] of profiles) {
    const file = `profile-${variant.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`
    await writeFile(join(options.outDir, file), JSON.stringify(mergeProfiles(parts)))
    files.set(variant, file)
  }
  const section = buildProfileSection({
    method: profileMethod(options, interval),
    scenario: SCENARIOS['hot-read'].name,
    samplingIntervalUs: interval,
    rounds: options.rounds,
    secondsPerVariant: options.seconds,
    baseline,
    measured,
    files,
    ...(options.cpuStage && { cpuStage: options.cpuStage }),
    ...(options.credential && { credential: options.credential }),
  })
  for (const variant of section.variants)
    if (variant.cross_check && !variant.cross_check.agrees)
      progress.note(`profile ${variant.variant}: cross-check ${variant.cross_check.verdict}`)
  return { section, failures }
}
