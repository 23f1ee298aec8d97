import { Session } from 'node:inspector/promises'

/** V8's CPU profile, as Chrome DevTools and speedscope read it (a `.cpuprofile` file). */
export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[]
  readonly startTime: number
  readonly endTime: number
  /** The node on top of the stack at each sample. */
  readonly samples: readonly number[]
  /** µs since the previous sample (the first since startTime). */
  readonly timeDeltas: readonly number[]
}

export interface CpuProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
  readonly children?: readonly number[]
}

export interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

/**
 * Every 250 µs: a hot read costs a few hundred µs of CPU here, so a few seconds give thousands of
 * samples per variant. Measured here, the profiler roughly doubled the CPU per request whether it
 * sampled every 100 µs or every 1000 µs: the cost is in being on, not in the rate. Hence the µs
 * come from unprofiled slices (profile-section.ts).
 */
export const SAMPLING_INTERVAL_US = 250

/**
 * V8's sampling profiler on THIS process, through the inspector protocol's Profiler domain: what
 * `node --cpu-prof` does, but started and stopped around one piece of work. Samples only the main
 * thread: work Node hands to its thread pool (some crypto) or V8 to helper threads (concurrent GC)
 * is not in the profile, though it is in the process's CPU time.
 */
export async function profileWhile<T>(
  work: () => Promise<T>,
  intervalUs = SAMPLING_INTERVAL_US,
): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs })
    await session.post('Profiler.start')
    let result: T
    try {
      result = await work()
    } catch (error) {
      await session.post('Profiler.stop')
      throw error
    }
    const { profile } = await session.post('Profiler.stop')
    return { result, profile: profile as unknown as CpuProfile }
  } finally {
    await session.post('Profiler.disable').catch(() => {})
    session.disconnect()
  }
}
