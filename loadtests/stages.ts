/**
 * The one list of stages. It is the lab's order (each stage runs after the ones above it; --skip
 * takes their names), and it builds the rest: the results type and its JSON Schema, the summary and
 * the report (each stage's sections, in this order). A new stage is a folder with its own stage.ts
 * and one entry here (loadtests/lab/README.md has the recipe).
 */
import { attackStage } from './attacks/stage.js'
import { browserStage } from './browser/stage.js'
import { ceilingStage, cpuStage, sweepStage, throughputStage, warmUpStage } from './experiments/load-stages.js'
import { failoverStage } from './failover/stage.js'
import { profileStage } from './profile/stage.js'
import { refusalStage } from './refusal/stage.js'
import { resultsJsonSchema } from './results/results-json-schema.js'
import type { RunResults } from './results/results-types.js'
import { revocationStage } from './revocation/stage.js'
import type { ResultsSection, Stage, StageOption } from './runner/stage.js'
import { storeStage } from './store/stage.js'

export const LAB_STAGES = [
  warmUpStage,
  ceilingStage,
  throughputStage,
  sweepStage,
  // In-process, after every server process is stopped: nothing else competes for the CPU.
  cpuStage,
  // After the cpu stage, whose section is its cross-check.
  profileStage,
  // With no other server running: the hot read with refused credentials, on servers of its own.
  refusalStage,
  revocationStage,
  attackStage,
  storeStage,
  failoverStage,
  // Last: Chromium is the heaviest process of the run.
  browserStage,
] as const

export const STAGE_NAMES: readonly string[] = LAB_STAGES.map((stage) => stage.name)

/** Every stage's options, which `authlab run` takes (each stage's command takes its own). */
export const STAGE_OPTIONS: readonly StageOption[] = (LAB_STAGES as readonly Stage[]).flatMap(
  (stage) => stage.options ?? [],
)

type LabStage = (typeof LAB_STAGES)[number]
type LabSection = LabStage['sections'][number]

/** Every stage's sections of results.json, by key: all optional, a run holds those its stages filled. */
export type LabSections = {
  readonly [S in LabSection as S['key']]?: S extends ResultsSection<string, infer Section> ? Section : never
}

/** results.json: the run's own fields and load sections, and every stage's sections. */
export type LabResults = RunResults & LabSections

/** What a command asks of each stage (`authlab revoke`: the revocation stage's variants and options). */
export type StageConfigs = {
  readonly [S in LabStage as S['name']]?: S extends Stage<infer Config, string> ? Config : never
}

/** The JSON Schema of results.json from a list of stages (a test adds a toy stage to the list). */
export const schemaOf = (stages: readonly Stage[]) =>
  resultsJsonSchema(
    Object.fromEntries(stages.flatMap((stage) => stage.sections.map((section) => [section.key, section.schema]))),
  )

export const RESULTS_JSON_SCHEMA = schemaOf(LAB_STAGES)
