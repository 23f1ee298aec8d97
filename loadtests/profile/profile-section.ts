import type { CpuSample, CpuSection, Spread } from '../results/results-types.js'
import { intervalsMeet, spreadOf } from '../results/statistics.js'
import { addAttributions, type Attribution } from './profile-attribution.js'
import { PROFILE_CATEGORIES, type ProfileCategory } from './profile-categories.js'

export interface ProfileCategoryCost {
  readonly category: ProfileCategory
  /** This variant's CPU µs per request in this category, the baseline's work included. */
  readonly us_per_req: number
  readonly baseline_us_per_req: number
  /** us_per_req - baseline_us_per_req: negative when the baseline spent more here (noise, mostly). */
  readonly above_baseline_us: number
  /** Of the cost above the baseline: the positive differences, normalised (see `shares_of`). */
  readonly share: number
}

export interface ProfileCrossCheck {
  /** The in-process CPU measurement (cpu-cost.ts's method), unprofiled, same stage, same rounds. */
  readonly unprofiled_above_baseline_us: Spread | null
  /** The same from the profiled slices: the profiler's own cost included. */
  readonly profiled_above_baseline_us: number | null
  /** The lab's in-process CPU stage, run separately earlier in the same `npm run lab`; null alone. */
  readonly cpu_stage_above_baseline_us: Spread | null
  readonly agrees: boolean
  readonly verdict: string
}

export interface ProfileVariant {
  readonly variant: string
  /** Requests in the profiled slices. */
  readonly requests: number
  /** Samples of the main thread at work (idle left out). */
  readonly busy_samples: number
  /** Process CPU µs per request, unprofiled, one value per round: what the categories add up to. */
  readonly cpu_us_per_req: Spread | null
  /** The same minus the baseline's in the same round. Null for the baseline. */
  readonly above_baseline_us: Spread | null
  /** Process CPU µs per request while profiled: the profiler's own cost included. */
  readonly profiled_cpu_us_per_req: Spread | null
  /** `own_total` for the baseline (and a variant costing no more than it): shares of its whole cost. */
  readonly shares_of: 'above_baseline' | 'own_total'
  readonly categories: readonly ProfileCategoryCost[]
  /** Our functions with the most time on the stack (inclusive, baseline NOT subtracted). */
  readonly lab_functions: readonly { readonly function: string; readonly us_per_req: number }[]
  /** The raw profile, next to results.json. */
  readonly profile_file: string
  readonly cross_check: ProfileCrossCheck | null
}

export interface ProfileSection {
  readonly method: string
  readonly scenario: string
  /**
   * What every variant but the baseline presented, when not its valid credential: a kind it must
   * refuse (`authlab profile --credential`), each read answered 401; those variants are labelled
   * `<id>/<kind>`. Absent: the hot read with a valid credential.
   */
  readonly credential?: string
  readonly sampling_interval_us: number
  readonly rounds: number
  readonly seconds_per_variant: number
  /** False where the main thread's own CPU time cannot be read (no /proc): other_threads is then 0. */
  readonly main_thread_cpu: boolean
  /** The baseline's profiled CPU per request over its unprofiled one in the same round, minus 1. */
  readonly profiler_overhead: Spread | null
  readonly unprofiled_samples: readonly CpuSample[]
  readonly variants: readonly ProfileVariant[]
}

/** CPU time over one slice of hot reads. */
export interface SliceCpu {
  readonly requests: number
  readonly process_cpu_us: number
  /** Undefined without /proc. */
  readonly main_thread_cpu_us: number | undefined
}

/** One round of one variant: an unprofiled slice (how many µs) next to a profiled one (where they went). */
export interface ProfileRound {
  readonly round: number
  readonly unprofiled: SliceCpu
  readonly profiled: SliceCpu
  readonly attribution: Attribution
}

const LAB_FUNCTIONS_SHOWN = 6

const perRequest = (slice: SliceCpu) => slice.process_cpu_us / slice.requests

/**
 * µs per request in each category: the UNPROFILED slices' CPU time, split by the profiled slices'
 * samples. The profiler slows the process it watches (see profiler_overhead), so its own totals
 * are not the cost; its samples still say where the time goes. Other threads' time is read from
 * the unprofiled slices too, since the profiler runs a thread of its own.
 */
function categoryMicros(rounds: readonly ProfileRound[]): Record<ProfileCategory, number> {
  const slices = rounds.map((round) => round.unprofiled)
  const requests = slices.reduce((sum, slice) => sum + slice.requests, 0)
  const processUs = slices.reduce((sum, slice) => sum + slice.process_cpu_us, 0) / requests
  const mainUs = slices.every((slice) => slice.main_thread_cpu_us !== undefined)
    ? slices.reduce((sum, slice) => sum + (slice.main_thread_cpu_us ?? 0), 0) / requests
    : processUs
  const { categories, busySamples } = addAttributions(rounds.map((round) => round.attribution))
  const micros = Object.fromEntries(PROFILE_CATEGORIES.map((category) => [category, 0])) as Record<
    ProfileCategory,
    number
  >
  for (const [category, count] of categories) micros[category] = busySamples > 0 ? (mainUs * count) / busySamples : 0
  micros.other_threads = Math.max(0, processUs - mainUs)
  return micros
}

const within = (value: number, spread: Spread) => value >= spread.q1 && value <= spread.q3
/** A spread's 95% interval of the median, or its interquartile range when too few values give one. */
const intervalOf = (spread: Spread): readonly [number, number] => spread.ci95 ?? [spread.q1, spread.q3]
const signed = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(1)} µs`

function crossCheck(unprofiled: Spread | null, profiled: number | null, cpuStage: Spread | null): ProfileCrossCheck {
  const measured = { unprofiled_above_baseline_us: unprofiled, profiled_above_baseline_us: profiled }
  if (unprofiled && cpuStage) {
    // Two measurements of one cost, each with its own noise: they agree when their intervals meet.
    const agrees = intervalsMeet(intervalOf(unprofiled), intervalOf(cpuStage))
    return {
      ...measured,
      cpu_stage_above_baseline_us: cpuStage,
      agrees,
      verdict: agrees
        ? "agrees: its interval meets the in-process CPU stage's"
        : `${signed(unprofiled.median - cpuStage.median)} from the in-process CPU stage, their intervals apart`,
    }
  }
  if (!unprofiled || profiled === null)
    return { ...measured, cpu_stage_above_baseline_us: null, agrees: false, verdict: 'not checked: too few rounds' }
  const agrees = within(profiled, unprofiled)
  return {
    ...measured,
    cpu_stage_above_baseline_us: null,
    agrees,
    verdict: agrees
      ? 'the profiled total agrees: within the unprofiled interquartile range'
      : `the profiled total is ${signed(profiled - unprofiled.median)} off the unprofiled one, outside its interquartile range`,
  }
}

/** The section from every slice measured: pure, so it can be checked without profiling anything. */
export function buildProfileSection(input: {
  readonly method: string
  readonly scenario: string
  readonly samplingIntervalUs: number
  readonly rounds: number
  readonly secondsPerVariant: number
  readonly baseline: string
  readonly measured: ReadonlyMap<string, readonly ProfileRound[]>
  readonly files: ReadonlyMap<string, string>
  /** The lab's in-process CPU stage, when it ran in the same run. */
  readonly cpuStage?: CpuSection
  /** A refused kind presented instead of the valid credential. */
  readonly credential?: string
}): ProfileSection {
  const baselineRounds = input.measured.get(input.baseline) ?? []
  const baselineMicros = categoryMicros(baselineRounds)
  const aboveBaseline = (rounds: readonly ProfileRound[], slice: 'profiled' | 'unprofiled') =>
    spreadOf(
      rounds.flatMap((round) => {
        const base = baselineRounds.find((other) => other.round === round.round)
        return base ? [perRequest(round[slice]) - perRequest(base[slice])] : []
      }),
    )
  const variants = [...input.measured].map(([variant, rounds]): ProfileVariant => {
    const isBaseline = variant === input.baseline
    const micros = categoryMicros(rounds)
    const differences = PROFILE_CATEGORIES.map((category) => micros[category] - baselineMicros[category])
    const positive = differences.reduce((sum, difference) => sum + Math.max(0, difference), 0)
    const ownTotal = PROFILE_CATEGORIES.reduce((sum, category) => sum + micros[category], 0)
    const sharesOf = isBaseline || positive === 0 ? 'own_total' : 'above_baseline'
    const above = isBaseline ? null : aboveBaseline(rounds, 'unprofiled')
    const { labFunctions, busySamples } = addAttributions(rounds.map((round) => round.attribution))
    const mainUs = ownTotal - micros.other_threads
    return {
      variant,
      requests: rounds.reduce((sum, round) => sum + round.profiled.requests, 0),
      busy_samples: busySamples,
      cpu_us_per_req: spreadOf(rounds.map((round) => perRequest(round.unprofiled))),
      above_baseline_us: above,
      profiled_cpu_us_per_req: spreadOf(rounds.map((round) => perRequest(round.profiled))),
      shares_of: sharesOf,
      categories: PROFILE_CATEGORIES.map((category, index) => {
        const difference = differences[index] ?? 0
        return {
          category,
          us_per_req: micros[category],
          baseline_us_per_req: baselineMicros[category],
          above_baseline_us: isBaseline ? 0 : difference,
          share: sharesOf === 'own_total' ? micros[category] / (ownTotal || 1) : Math.max(0, difference) / positive,
        }
      }),
      lab_functions: [...labFunctions]
        .sort((a, b) => b[1] - a[1])
        .slice(0, LAB_FUNCTIONS_SHOWN)
        .map(([name, count]) => ({ function: name, us_per_req: busySamples > 0 ? (mainUs * count) / busySamples : 0 })),
      profile_file: input.files.get(variant) ?? '',
      cross_check: isBaseline
        ? null
        : crossCheck(
            above,
            aboveBaseline(rounds, 'profiled')?.median ?? null,
            input.cpuStage?.aggregates.find((entry) => entry.variant === variant)?.above_baseline_us ?? null,
          ),
    }
  })
  const slices = [...input.measured.values()].flat().flatMap((round) => [round.unprofiled, round.profiled])
  return {
    method: input.method,
    scenario: input.scenario,
    ...(input.credential && input.credential !== 'valid' && { credential: input.credential }),
    sampling_interval_us: input.samplingIntervalUs,
    rounds: input.rounds,
    seconds_per_variant: input.secondsPerVariant,
    main_thread_cpu: slices.every((slice) => slice.main_thread_cpu_us !== undefined),
    profiler_overhead: spreadOf(
      baselineRounds.map((round) => perRequest(round.profiled) / perRequest(round.unprofiled) - 1),
    ),
    unprofiled_samples: [...input.measured].flatMap(([variant, rounds]) =>
      rounds.map((round) => ({
        variant,
        round: round.round,
        requests: round.unprofiled.requests,
        cpu_us_per_req: perRequest(round.unprofiled),
        valid: true,
      })),
    ),
    variants,
  }
}
