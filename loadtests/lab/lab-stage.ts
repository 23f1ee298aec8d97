import type { Environment, LabResults, RunOptions } from '../results/results-types.js'
import type { LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { RedisProbe } from '../runner/redis-stats.js'
import type { VariantSpec } from '../runner/variants.js'
import type { RevocationOptions } from '../revocation/revocation-experiment.js'
import type { StoreStageConfig } from '../store/store-stage.js'
import type { BrowserStageConfig } from '../browser/browser-stage.js'
import type { FailoverStageConfig } from '../failover/failover-section.js'
import type { RefusalStageConfig } from '../refusal/refusal-stage.js'
import type { PreparedTargets } from './prepare-targets.js'

/**
 * One stage of `npm run lab`: the list in stages.ts is the run, in order. The orchestrator starts
 * Redis and every server, then for each stage not `--skip`ped calls `run` and merges what it
 * returns; README.md in this folder says how a new stage slots in.
 */
export interface LabStage {
  /** Kebab-case; what `--skip` takes and what the progress line shows. */
  readonly name: string
  /** Planned seconds, for the progress line's "time left" (0 when the stage will do nothing). */
  estimateSeconds(ctx: LabContext): number
  run(ctx: LabContext): Promise<StageOutcome>
}

/** The parts of results.json a stage may fill: every optional section (not the run's own fields). */
export type LabSections = Partial<
  Omit<
    LabResults,
    | 'schema_version'
    | 'started_at'
    | 'finished_at'
    | 'wall_time_s'
    | 'stage_seconds'
    | 'environment'
    | 'options'
    | 'baseline'
    | 'variants'
    | 'warnings'
  >
>

export interface StageOutcome {
  /** Its section(s) of results.json, e.g. `{ revocation: section }`. */
  readonly sections?: LabSections
  /**
   * What went wrong, in a sentence each: they become the run's warnings. A stage reports a failure
   * instead of throwing, so one failed stage never throws away the minutes of measurements before it.
   */
  readonly failures?: readonly string[]
}

/** The revocation stage's plan (see loadtests/defaults.ts for its profiles). */
export interface RevocationStageConfig {
  readonly options: RevocationOptions
  readonly variants: readonly VariantSpec[]
}

/** The profile stage's plan (sizes in loadtests/defaults.ts); its variants default to the run's. */
export interface ProfileStageConfig {
  readonly variants?: readonly VariantSpec[]
  readonly seconds: number
  readonly rounds: number
}

/** What every stage is given. */
export interface LabContext {
  readonly options: RunOptions
  /** The main set of variants, the baseline first, as the run was asked for. */
  readonly variants: readonly VariantSpec[]
  /** The revocation stage's variants and options; undefined when it is skipped. */
  readonly revocation: RevocationStageConfig | undefined
  /** The profile stage's plan; undefined when it is not part of this run (--quick). */
  readonly profile: ProfileStageConfig | undefined
  /** The store stage's experiments (loadtests/store/); undefined when it is not part of this run. */
  readonly store: StoreStageConfig | undefined
  /** The failover stage (loadtests/failover/); undefined when it is not part of this run (--quick). */
  readonly failover: FailoverStageConfig | undefined
  /** The browser stage as `authlab browser` asks for it; undefined: the lab's own (compact, its variants). */
  readonly browser?: BrowserStageConfig | undefined
  /** The refusal stage as `authlab refusal` asks for it; undefined: the lab's own (its variants). */
  readonly refusal?: RefusalStageConfig | undefined
  /** Where writeResults will put this run (`<out>/<timestamp>`): files a stage writes go there. */
  readonly resultsDirectory: string
  /** The sections the stages before this one returned (the profile stage cross-checks the cpu one). */
  sectionsSoFar(): LabSections
  /** Every server started and checked against the contract before the first stage (prepare-targets.ts). */
  readonly prepared: PreparedTargets
  /** The prepared variants that only take part in the hot read (the revocation variants the main set lacks). */
  readonly hotReadOnly: ReadonlySet<string>
  readonly redisProbe: RedisProbe
  /** The run's Redis and key prefix, as the prepared servers got them. */
  readonly serverEnv: LabServerEnv
  readonly pinning: Environment['pinning']
  readonly progress: Progress
  /**
   * Env for servers a stage starts for itself: the run's Redis, a key prefix of the stage's own (so
   * nothing it writes meets another stage's keys) and the cheap password hash, since no stage but
   * the login storm measures a login. A stage that does can set `scryptLogN` back.
   */
  stageServerEnv(stage: string): LabServerEnv
}
