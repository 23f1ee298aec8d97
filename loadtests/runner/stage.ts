/**
 * What a stage of `npm run lab` is: one object in its own folder, joined to the run by one entry in
 * the list of loadtests/stages.ts. That list builds the lab's order, `--skip`, the results type and
 * its JSON Schema, the summary and the report. loadtests/lab/README.md has the recipe.
 */
import type { Environment, RunOptions, RunResults } from '../results/results-types.js'
import type { JsonSchema } from '../results/schema-pieces.js'
import type { ColourOf } from '../render/svg-frame.js'
import type { LabServerEnv } from './lab-servers.js'
import type { PreparedTargets } from './prepare-targets.js'
import type { Progress } from './progress.js'
import type { RedisProbe } from './redis-stats.js'
import type { VariantSpec } from './variants.js'

/**
 * One section of results.json that a stage owns: its key, its schema (built from
 * results/schema-pieces.ts), the note the summary and report print when a run lacks it, and how it is
 * drawn in summary.md (and report.md, which reuses the summary) and in report.html.
 */
// `any` by default so that a list can hold sections of different types; each stage names its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ResultsSection<Key extends string = string, Section = any> {
  readonly key: Key
  readonly schema: JsonSchema
  /** What the summary and the report say when the run holds no such section; none: nothing is said. */
  readonly absent?: string
  /** Whether the section holds anything to draw (default: it is there). */
  holdsData?(section: Section): boolean
  /** Its lines of summary.md. */
  markdown(section: Section, results: RunResults): string[]
  /** Its part of report.html; none: the report draws it (the load sections, read with other sections). */
  html?(section: Section, results: RunResults, colourOf: ColourOf): string
  /** A long section: the report keeps its heading in view and folds its tables and charts away. */
  readonly folded?: boolean
}

/**
 * An option a stage takes, declared once in its folder: `authlab run` and the stage's own command
 * both read it through the same entry (runner/stage-options.ts), its help row is built from it (its
 * defaults from loadtests/defaults.ts), and `--skip` refuses it with its stage.
 */
// `any` by default so that a list can hold options of different stages; each stage names its Config.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface StageOption<Config = any> {
  /** Without the dashes: `token-ttl`. */
  readonly flag: string
  /** Its value in a help line: `S`, `N`, `LIST`. */
  readonly value: string
  /**
   * Its help row's text, default included: as `authlab run` takes it (`run`: the profiles' sizes)
   * or as the stage's own command does (`alone`: the full size).
   */
  help(where: 'run' | 'alone'): string
  /**
   * The stage's config with this option's value in it. A bad value throws a UsageError
   * (runner/option-values.ts) that says what the flag takes.
   */
  apply(config: Config, raw: string): Config
}

/**
 * A command that runs one stage alone (`authlab profile`, `authlab store-outage`), declared by its
 * stage (`commands`). The list of stages builds the CLI's commands from them (cli/commands.ts), and
 * hands each `alone`: the run machinery (cli/stage-alone.ts), which a stage cannot import.
 */
export interface StageCommand {
  readonly name: string
  /** Its line in `authlab --help`. */
  readonly summary: string
  /** Its `--help`: the stage's option rows come from their declarations (runner/stage-options.ts). */
  readonly usage: string
  /** Reads the command line (a mistake throws a UsageError before anything starts); resolves with the exit code. */
  run(argv: readonly string[], alone: RunAlone): Promise<number>
}

/**
 * The stage (by its name, in `configs`) through the whole run machinery, every other stage off:
 * Redis, environment, results.json, summary and report under `outDir`. `options` changes the run's
 * (`authlab revoke` names its variants in `revocation_variants`).
 */
export type RunAlone = <Sections extends object>(
  configs: Readonly<Record<string, unknown>>,
  outDir: string,
  progress: Progress,
  options?: Partial<RunOptions>,
) => Promise<{
  readonly results: RunResults & Partial<Sections>
  /** The run's results directory, and the report's files in it. */
  readonly directory: string
  readonly report: { readonly html: string; readonly md: string }
}>

/** What a stage plans to do in this run, before it starts. */
export interface StagePlan {
  /** Seconds, for the progress line's "time left" (0 when the stage will do nothing). */
  readonly estimateSeconds: number
}

/**
 * A stage. `Config` is what a command asks of it (`authlab revoke`: its variants and options, say;
 * `never` for a stage that takes nothing but the run's options); what undefined means is the stage's
 * to say (not part of this run, or its compact form). Declare a stage with
 * `satisfies Stage<Config, 'name'>`, so that the list of stages knows its name and its sections' keys.
 */
export interface Stage<Config = unknown, Name extends string = string> {
  /** Kebab-case; what `--skip` takes and what the progress line shows. */
  readonly name: Name
  /** The options it takes on the command line (none: only the run's own), each applied to its Config. */
  readonly options?: readonly StageOption<Config>[]
  /** The commands that run it alone (none: only `authlab run` runs it). */
  readonly commands?: readonly StageCommand[]
  plan(ctx: StageContext, config: Config | undefined): StagePlan
  run(ctx: StageContext, config: Config | undefined): Promise<StageOutcome>
  /** The sections of results.json it fills, in the order the summary and the report show them. */
  readonly sections: readonly ResultsSection[]
}

export interface StageOutcome {
  /** Its section(s) of results.json, by key, e.g. `{ revocation: section }`. */
  readonly sections?: Readonly<Record<string, unknown>>
  /**
   * What went wrong, in a sentence each: they become the run's warnings. A stage reports a failure
   * instead of throwing, so one failed stage never throws away the minutes of measurements before it.
   */
  readonly failures?: readonly string[]
}

/** What every stage is given. */
export interface StageContext {
  readonly options: RunOptions
  /** The main set of variants, the baseline first, as the run was asked for. */
  readonly variants: readonly VariantSpec[]
  /** Where the results of this run will be written (`<out>/<timestamp>`): files a stage writes go there. */
  readonly resultsDirectory: string
  /** The load sections the stages before this one returned (the profile stage cross-checks the cpu one). */
  sectionsSoFar(): Pick<RunResults, 'throughput' | 'sweep' | 'cpu' | 'ceiling'>
  /** Every server started and checked against the contract before the first stage (prepare-targets.ts). */
  readonly prepared: PreparedTargets
  /** The prepared variants that only take part in the hot read (the revocation variants the main set lacks). */
  readonly hotReadOnly: ReadonlySet<string>
  /** The run's Redis; undefined in a `--targets` run (each target brings its own, see BurstTarget). */
  readonly redisProbe: RedisProbe | undefined
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

/** The main variants whose servers passed verification. */
export const measuredVariants = (ctx: StageContext): VariantSpec[] =>
  ctx.variants.filter((variant) =>
    ctx.prepared.records.some((record) => record.id === variant.id && record.status === 'measured'),
  )
