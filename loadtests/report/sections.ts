/**
 * The stages' sections of a run, read through the list of stages: which the run holds, in the list's
 * order, and the note for each it lacks. A section the run did not collect is left out of the
 * summary and both reports with its note, never drawn as an empty chart.
 */
import type { ResultsSection, Stage } from '../runner/stage.js'
import { LAB_STAGES, type LabResults } from '../stages.js'

/** A section of the run, with its value in results.json. */
export interface SectionInRun {
  readonly section: ResultsSection
  readonly value: unknown
}

/** The sections a list of stages fills, in the list's order. */
export const sectionsOf = (stages: readonly Stage[]): ResultsSection[] => stages.flatMap((stage) => stage.sections)

/** A section's value in results.json (undefined: the run does not hold it). */
export const valueOf = (results: object, section: ResultsSection): unknown =>
  (results as Readonly<Record<string, unknown>>)[section.key]

const holdsData = (section: ResultsSection, value: unknown) =>
  value !== undefined && (section.holdsData?.(value) ?? true)

/** Every section present in results.json (even an empty one), in the list's order. */
export const sectionsIn = (results: LabResults, stages: readonly Stage[] = LAB_STAGES): SectionInRun[] =>
  sectionsOf(stages).flatMap((section) => {
    const value = valueOf(results, section)
    return value === undefined ? [] : [{ section, value }]
  })

/** The note a section has for a run without it, by key (`absent`, in the stage's folder). */
export const ABSENT_NOTES: Readonly<Record<string, string>> = Object.fromEntries(
  sectionsOf(LAB_STAGES).flatMap((section) => (section.absent ? [[section.key, section.absent]] : [])),
)

/** Notes for every section with a note that this run lacks or holds empty, in page order. */
export const absentNotes = (results: LabResults, stages: readonly Stage[] = LAB_STAGES): string[] =>
  sectionsOf(stages)
    .filter((section) => section.absent !== undefined && !holdsData(section, valueOf(results, section)))
    .map((section) => section.absent ?? '')
