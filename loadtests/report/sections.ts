/**
 * Which optional sections a run holds. A section the run did not collect is left out of both
 * reports with one of these notes, never drawn as an empty chart.
 */
import type { LabResults } from '../results/results-types.js'

export const OPTIONAL_SECTIONS = {
  throughput: 'Throughput, latency and cost over HTTP: this run holds no throughput section.',
  cpu: 'In-process CPU per request (baseline and auth parts): this run holds no cpu section.',
  sweep: 'Concurrency sweep: not run (`--full` or `--sweep 1,32,256` runs it; `--sweep off` leaves it out).',
  ceiling: "The load generator's ceiling: not measured in this run.",
  revocation:
    'Revocation timelines and the throughput / revocation-window trade-off: not measured (`--skip revocation`).',
  attacks: 'Attacks: not part of this run (`authlab attack` runs the catalogue).',
  profile: 'Where the CPU goes: not profiled in this run (`npx authlab profile`).',
  refusal: 'The hot read with refused credentials: not run (`--full` or `npx authlab refusal` runs it).',
  browser: 'Where the credential lives in a browser: not run (`--full` or `npx authlab browser` runs it).',
} as const

export type OptionalSection = keyof typeof OPTIONAL_SECTIONS

export const hasSection = (results: LabResults, section: OptionalSection): boolean => {
  const value = results[section]
  if (value === undefined) return false
  if ('aggregates' in value) return value.aggregates.length > 0
  if ('runs' in value) return value.runs.length > 0
  if ('variants' in value) return value.variants.length > 0
  return true
}

/** Notes for every optional section this run lacks, in page order. */
export const absentNotes = (results: LabResults): string[] =>
  (Object.keys(OPTIONAL_SECTIONS) as OptionalSection[])
    .filter((section) => !hasSection(results, section))
    .map((section) => OPTIONAL_SECTIONS[section])
