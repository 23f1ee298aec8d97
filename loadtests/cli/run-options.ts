import { parseArgs } from 'node:util'
import { ENGINES, type Engine } from '../runner/wrk.js'
import { TARGET_HALF_WIDTH } from '../results/convergence.js'
import { SWEEP_CONNECTIONS } from '../scenarios/scenarios.js'
import {
  FULL_ONLY_STAGES,
  FULL_PROFILE,
  NOT_IN_QUICK,
  PROFILE_STAGE,
  PROFILES,
  REVOCATION_PROFILES,
} from '../defaults.js'
import { identicalWorkPairs, strategyNames } from '../../servers/registry.js'
import { failoverStageConfig } from '../failover/failover-plan.js'
import type { FailoverStageConfig } from '../failover/failover-section.js'
import type { RunOptions } from '../results/results-types.js'
import { parseVariant, type VariantSpec } from '../runner/variants.js'
import { spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from '../runner/variant-flags.js'
import { revocationVariants } from '../revocation/revocation-section.js'
import { LAB_STAGES, STAGE_NAMES, STAGE_OPTIONS } from '../stages.js'
import { applyOptions, optionFlags, optionRows, refuseSkippedOptions } from '../runner/stage-options.js'
import type { Stage } from '../runner/stage.js'
import { positive } from '../runner/option-values.js'
import { revocationStage, type RevocationStageConfig } from '../revocation/stage.js'
import { profileStage, type ProfileStageConfig } from '../profile/stage.js'
import { storeStage } from '../store/stage.js'
import { failoverStage } from '../failover/stage.js'
import { UsageError } from './command.js'
import { readTargetsOption } from './run-targets.js'
import type { TargetsPlan } from '../lab/targets-file.js'
import { skippedOnTargets } from '../lab/targets-record.js'
import { storeStagePlan } from '../store/store-plan.js'
import type { StoreStageConfig } from '../store/store-stage.js'

const { default: DEFAULT, quick: QUICK } = PROFILES

export const RUN_OPTION_HELP = `  --quick            about 90 s: 2 rounds of the hot read, no realistic read, a cheap password
                     hash, no ${NOT_IN_QUICK.join(' or ')} stage (a first look, not numbers to quote)
  --duration S       whole seconds per measured burst (default ${DEFAULT.burst_s}); login and sweep
                     bursts scale with it
  --connections N    connections for the read scenarios and the ceiling (default ${DEFAULT.connections})
  --rounds N         exactly N rounds of every scenario, sweep level and in-process CPU (default:
                     hot read ${DEFAULT.rounds}, adding rounds up to ${DEFAULT.max_rounds} (--full ${FULL_PROFILE.max_rounds}) until every ratio's
                     95% interval is within ±${TARGET_HALF_WIDTH}; realistic read ${DEFAULT.realistic_rounds} (--full ${FULL_PROFILE.realistic_rounds}), logins ${DEFAULT.login_rounds} (--full ${FULL_PROFILE.login_rounds}), sweep ${DEFAULT.sweep_rounds}, in-process ${DEFAULT.cpu_rounds}; quick ${QUICK.rounds}, ${QUICK.realistic_rounds}, ${QUICK.login_rounds}, -, ${QUICK.cpu_rounds})
  --strategies LIST  comma-separated strategies to measure (default: ${strategyNames().join(',')})
  --variants V       extra variants, e.g. jwt:alg=ES256  jwt:revocation=denylist  session:store=memory
                     (repeat the flag or separate with spaces; options within one variant by commas)
  --only V ...       exactly these variants instead of the strategies (the baseline is always added)
  --sweep LIST       connection counts of the concurrency sweep (default ${DEFAULT.sweep_connections.join(',')}, --full
                     ${SWEEP_CONNECTIONS.join(',')}), or "off"
  --skip LIST        stages to leave out (comma-separated): ${STAGE_NAMES.join(', ')}
                     (default: ${FULL_ONLY_STAGES.join(', ')}, unless --full)
  --full             every stage, each in full (about 50 minutes here): adds the ${FULL_ONLY_STAGES.join(', ')} stages
                     (the default run leaves them out to stay within 6 minutes); every
                     revocation variant of every strategy in the hot read and the revocation
                     stage (default: one per lesson and the control pair); the profile stage
                     runs ${PROFILE_STAGE.full.seconds} s per variant instead of ${PROFILE_STAGE.compact.seconds} s; the failover stage covers every
                     stateful strategy; the store stage runs what store-latency, store-outage
                     and store-restart do
  --engine NAME      load generator of the read bursts: autocannon (default) or wrk, the witness
                     that no number is an artefact of one client (the login storm stays on
                     autocannon; wrk must be installed)
  --read-order O     how the reads load the servers: blocks (default; a variant, or the variants
                     compared with each other, at a time, each block twice in mirrored order) or
                     rounds (every variant once a round, in a new order; the order before
                     2026-12-07, kept to compare with: a server idles while the others run)
  --pin              pin servers and load generator to separate CPUs with taskset (off by default)
  --targets FILE     load servers that already run instead of starting them: a YAML or JSON file
                     (docs/targets.schema.json, example docs/targets.example.yaml) naming each
                     variant's URLs, login, Redis and metrics; only the warm-up, throughput and
                     sweep stages run (default: none, the lab starts its own servers; README,
                     "Benchmark your own deployment")
  --out DIR          where results/<timestamp>/ goes (default ./results)
  --verbose          also print the full Markdown tables (they are always in summary.md)

Options of one stage each (refused when the run leaves that stage out; its own command takes
them too):
${(LAB_STAGES as readonly Stage[])
  .filter((stage) => stage.options?.length)
  .map((stage) => `  the ${stage.name} stage:\n${optionRows(stage.options ?? [], 'run', 24)}`)
  .join('\n')}`

const uniqueVariants = (list: readonly VariantSpec[]) =>
  list.filter((variant, index) => list.findIndex((other) => other.id === variant.id) === index)

/**
 * The run's control pair: the first identical-work pair the registry declares among the strategies
 * measured (jwt and its refresh mode). Every run carries one, so that it can check itself: two
 * variants doing the same work must measure alike (see results/self-check.ts).
 */
const controlPair = (variants: readonly VariantSpec[]): VariantSpec[] =>
  (identicalWorkPairs(variants.map((variant) => variant.strategy))[0] ?? []).map((id) => parseVariant(id))

export interface ParsedRun {
  readonly options: RunOptions
  readonly variants: VariantSpec[]
  /** Loaded in the hot-read rounds only (the revocation variants the main set lacks). */
  readonly hotReadOnly: VariantSpec[]
  readonly revocation: RevocationStageConfig | undefined
  /** Stage names to leave out. */
  readonly skip: string[]
  /** The profile stage: compact by default, full with --full, none in --quick. */
  readonly profile: ProfileStageConfig | undefined
  /** The failover stage: one variant by default, every stateful lesson with --full, none in --quick. */
  readonly failover: FailoverStageConfig | undefined
  /** The store stage: compact by default, full with --full, none in --quick. */
  readonly store: StoreStageConfig | undefined
  readonly outDir: string
  /** Print the full Markdown tables too (the screen gets the conclusions either way). */
  readonly verbose: boolean
  /** `--targets FILE`: servers that already run, checked and loaded instead of started. */
  readonly targets?: TargetsPlan
}

export function parseRunOptions(argv: readonly string[]): ParsedRun {
  const { values, positionals } = parseArgs({
    args: spreadVariantArgs(argv),
    allowPositionals: true,
    options: {
      ...VARIANT_FLAGS,
      quick: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      duration: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      // The old name of --rounds, kept for scripts.
      repeats: { type: 'string' },
      sweep: { type: 'string' },
      pin: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'autocannon' },
      'read-order': { type: 'string', default: 'blocks' },
      ...optionFlags(STAGE_OPTIONS),
      skip: { type: 'string' },
      out: { type: 'string', default: 'results' },
      verbose: { type: 'boolean', default: false },
      targets: { type: 'string' },
    },
  })
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  if (values.quick && values.full) throw new UsageError('--quick and --full contradict each other: pick one')
  const profile = values.quick ? 'quick' : 'default'
  const base = PROFILES[profile]
  const engine = values.engine as Engine
  if (!ENGINES.includes(engine)) throw new UsageError(`--engine takes ${ENGINES.join(' or ')}, got "${values.engine}"`)
  const readOrder = values['read-order']
  if (readOrder !== 'blocks' && readOrder !== 'rounds')
    throw new UsageError(`--read-order takes blocks or rounds, got "${readOrder}"`)
  // Whole seconds: autocannon ends a run on its one-second tick, so 1.5 would load for 2.
  const duration = positive('duration', values.duration, true)
  const scale = duration === undefined ? 1 : duration / base.burst_s
  if (values.rounds !== undefined && values.repeats !== undefined)
    throw new UsageError('--repeats is the old name of --rounds: give one of them')
  const repeats = positive(values.rounds !== undefined ? 'rounds' : 'repeats', values.rounds ?? values.repeats, true)
  const connections = positive('connections', values.connections, true)
  const sweep =
    values.sweep === undefined
      ? values.full
        ? [...SWEEP_CONNECTIONS]
        : base.sweep_connections
      : values.sweep === 'off'
        ? []
        : values.sweep.split(',').map((entry) => positive('sweep', entry, true) as number)

  const targets = values.targets === undefined ? undefined : readTargetsOption(values.targets, values)
  const variants = targets ? targets.targets.map((target) => target.variant) : variantsFromFlags(values)
  const skipped = (values.skip ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  const named = [...skipped]
  const unknownStage = skipped.find((name) => !STAGE_NAMES.includes(name))
  if (unknownStage) throw new UsageError(`--skip takes ${STAGE_NAMES.join(', ')}, got "${unknownStage}"`)
  // What the profile leaves out to keep its time (see FULL_ONLY_STAGES), unless asked for by name.
  if (!values.full)
    skipped.push(...FULL_ONLY_STAGES.filter((stage) => !(stage === 'sweep' && values.sweep !== undefined)))
  if (values.quick) skipped.push(...NOT_IN_QUICK.filter((stage) => !skipped.includes(stage)))
  // Servers that already run: only the stages that load them (lab/targets-record.ts says why not the rest).
  if (targets) skipped.push(...skippedOnTargets(STAGE_NAMES).map(({ stage }) => stage))
  // A flag the run would ignore is refused, not silently dropped.
  refuseSkippedOptions(LAB_STAGES, skipped, values, (stage) =>
    named.includes(stage)
      ? `--skip ${stage}`
      : (FULL_ONLY_STAGES as readonly string[]).includes(stage) && !values.full
        ? 'a run without --full'
        : '--quick',
  )
  const revocationProfile = REVOCATION_PROFILES[values.full ? 'full' : profile]
  const revocation = skipped.includes('revocation')
    ? undefined
    : applyOptions(
        revocationStage.options,
        {
          options: revocationProfile.options,
          variants: revocationVariants(
            variants.map((variant) => variant.strategy),
            revocationProfile.cacheTtlsMs,
            revocationProfile.compact,
            // A quick look revokes each strategy's default variant only.
          ).filter((variant) => !values.quick || Object.keys(variant.flags).length === 0),
        },
        values,
      )
  // The revocation variants join the hot read so that the trade-off table has their cost; a quick
  // look keeps only the control pair, for time.
  const priced = values.quick ? [] : (revocation?.variants ?? [])
  const hotReadOnly = uniqueVariants(targets ? [] : [...controlPair(variants), ...priced]).filter(
    (extra) => !variants.some((variant) => variant.id === extra.id),
  )

  const { max_rounds: _adaptive, ...fixedRounds } = base
  const options: RunOptions = {
    // --rounds N means exactly N: no adaptive rounds then.
    ...(repeats === undefined ? base : fixedRounds),
    ...(values.full && repeats === undefined && FULL_PROFILE),
    // Said in the summary, the report and the ADR, and compared by `authlab compare`: a --full run
    // must not pass for a default one.
    profile: values.full ? 'full' : profile,
    burst_s: base.burst_s * scale,
    login_burst_s: base.login_burst_s * scale,
    sweep_burst_s: base.sweep_burst_s * scale,
    ...(repeats !== undefined && {
      rounds: repeats,
      realistic_rounds: repeats,
      login_rounds: repeats,
      sweep_rounds: repeats,
      cpu_rounds: repeats,
    }),
    ...(connections !== undefined && { connections }),
    sweep_connections: sweep,
    variants: variants.map((variant) => variant.id),
    hot_read_only_variants: hotReadOnly.map((variant) => variant.id),
    revocation_variants: revocation?.variants.map((variant) => variant.id) ?? [],
    attacks: !skipped.includes('attacks'),
    pin: values.pin,
    ...(engine !== 'autocannon' && { engine }),
    // Absent means rounds, as in every run before blocks existed.
    read_order: readOrder === 'blocks' ? 'blocks' : undefined,
  }
  // Each stage's config as the profile sizes it, with the stage's options given on the command line.
  const profileConfig =
    values.quick || skipped.includes('profile')
      ? undefined
      : applyOptions(profileStage.options, PROFILE_STAGE[values.full ? 'full' : 'compact'], values)
  const store =
    values.quick || skipped.includes('store')
      ? undefined
      : applyOptions(
          storeStage.options,
          storeStagePlan(
            variants.map((variant) => variant.strategy),
            values.full,
          ),
          values,
        )
  const failover = skipped.includes('failover')
    ? undefined
    : applyOptions(failoverStage.options, failoverStageConfig(values.full ? 'full' : 'compact'), values)
  return {
    options,
    variants,
    hotReadOnly,
    revocation,
    skip: skipped,
    profile: profileConfig,
    failover,
    store,
    outDir: values.out,
    verbose: values.verbose,
    ...(targets && { targets }),
  }
}
