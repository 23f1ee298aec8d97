import { aggregateCpu } from '../results/aggregate.js'
import type { CpuSample, Spread } from '../results/results-types.js'
import { spreadOf } from '../results/statistics.js'
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
  readonly profiled_above_baseline_us: number | null
  readonly agrees: boolean
  readonly verdict: string
}

export interface ProfileVariant {
  readonly variant: string
  readonly requests: number
  /** Samples of the main thread at work (idle left out). */
  readonly busy_samples: number
  /** Process CPU µs per request while profiled, one value per round. */
  readonly cpu_us_per_req: Spread | null
  /** The same minus the baseline's in the same round. Null for the baseline. */
  readonly above_baseline_us: Spread | null
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

/** One profiled slice of one variant. */
export interface ProfiledRound {
  readonly round: number
  readonly requests: number
  readonly process_cpu_us: number
  /** Undefined without /proc. */
  readonly main_thread_cpu_us: number | undefined
  readonly attribution: Attribution
}

const LAB_FUNCTIONS_SHOWN = 6

/** µs per request in each category: the kernel's CPU time, split by the samples' shares. */
function categoryMicros(rounds: readonly ProfiledRound[]): Record<ProfileCategory, number> {
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0)
  const processUs = rounds.reduce((sum, round) => sum + round.process_cpu_us, 0) / requests
  const mainUs = rounds.every((round) => round.main_thread_cpu_us !== undefined)
    ? rounds.reduce((sum, round) => sum + (round.main_thread_cpu_us ?? 0), 0) / requests
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

const perRequest = (round: ProfiledRound) => round.process_cpu_us / round.requests

function crossCheck(profiled: number | null, unprofiled: Spread | null): ProfileCrossCheck {
  if (profiled === null || unprofiled === null)
    return {
      unprofiled_above_baseline_us: unprofiled,
      profiled_above_baseline_us: profiled,
      agrees: false,
      verdict: 'not checked: a measurement is missing',
    }
  const agrees = profiled >= unprofiled.q1 && profiled <= unprofiled.q3
  const gap = profiled - unprofiled.median
  return {
    unprofiled_above_baseline_us: unprofiled,
    profiled_above_baseline_us: profiled,
    agrees,
    verdict: agrees
      ? 'agrees: within the unprofiled interquartile range'
      : `outside the unprofiled interquartile range by ${gap > 0 ? '+' : ''}${gap.toFixed(1)} µs (${((gap / Math.max(1, Math.abs(unprofiled.median))) * 100).toFixed(0)}%)`,
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
  readonly profiled: ReadonlyMap<string, readonly ProfiledRound[]>
  readonly unprofiled: readonly CpuSample[]
  readonly files: ReadonlyMap<string, string>
}): ProfileSection {
  const baselineRounds = input.profiled.get(input.baseline) ?? []
  const baselineMicros = categoryMicros(baselineRounds)
  const unprofiled = aggregateCpu(input.unprofiled, input.baseline)
  const variants = [...input.profiled].map(([variant, rounds]): ProfileVariant => {
    const isBaseline = variant === input.baseline
    const micros = categoryMicros(rounds)
    const differences = PROFILE_CATEGORIES.map((category) => micros[category] - baselineMicros[category])
    const positive = differences.reduce((sum, difference) => sum + Math.max(0, difference), 0)
    const ownTotal = PROFILE_CATEGORIES.reduce((sum, category) => sum + micros[category], 0)
    const sharesOf = isBaseline || positive === 0 ? 'own_total' : 'above_baseline'
    const above = isBaseline
      ? null
      : spreadOf(
          rounds.flatMap((round) => {
            const base = baselineRounds.find((other) => other.round === round.round)
            return base ? [perRequest(round) - perRequest(base)] : []
          }),
        )
    const { labFunctions, busySamples } = addAttributions(rounds.map((round) => round.attribution))
    const mainUs = ownTotal - micros.other_threads
    return {
      variant,
      requests: rounds.reduce((sum, round) => sum + round.requests, 0),
      busy_samples: busySamples,
      cpu_us_per_req: spreadOf(rounds.map(perRequest)),
      above_baseline_us: above,
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
            above?.median ?? null,
            unprofiled.find((entry) => entry.variant === variant)?.above_baseline_us ?? null,
          ),
    }
  })
  return {
    method: input.method,
    scenario: input.scenario,
    sampling_interval_us: input.samplingIntervalUs,
    rounds: input.rounds,
    seconds_per_variant: input.secondsPerVariant,
    main_thread_cpu: [...input.profiled.values()].every((rounds) =>
      rounds.every((round) => round.main_thread_cpu_us !== undefined),
    ),
    profiler_overhead: spreadOf(
      baselineRounds.flatMap((round) => {
        const plain = input.unprofiled.find(
          (sample) => sample.variant === input.baseline && sample.round === round.round,
        )
        return plain ? [perRequest(round) / plain.cpu_us_per_req - 1] : []
      }),
    ),
    unprofiled_samples: input.unprofiled,
    variants,
  }
}
