import { parseArgs } from 'node:util'
import type { RunOptions } from '../results/results-types.js'
import { SWEEP_CONNECTIONS } from '../scenarios/scenarios.js'
import { selectVariants, type VariantSpec } from '../runner/variants.js'
import { REVOCATION_DEFAULTS, type RevocationOptions } from '../revocation/revocation-experiment.js'
import { revocationVariants } from '../revocation/revocation-section.js'
import { UsageError } from './command.js'
import { PROFILE_COMPACT, PROFILE_DEFAULTS } from '../profile/profile-stage.js'

type Profile = Omit<
  RunOptions,
  'profile' | 'variants' | 'pin' | 'hot_read_only_variants' | 'revocation_variants' | 'attacks'
>

/** The revocation stage per profile: see loadtests/revocation/revocation-experiment.ts. */
export const REVOCATION_PROFILES: Record<
  RunOptions['profile'],
  { options: RevocationOptions; cacheTtlsMs: readonly number[]; compact: boolean }
> = {
  default: { options: { ...REVOCATION_DEFAULTS, tokenTtlS: 5 }, cacheTtlsMs: [1000], compact: false },
  quick: { options: { ...REVOCATION_DEFAULTS, tokenTtlS: 3, kinds: ['logout'] }, cacheTtlsMs: [1000], compact: true },
}
export const STAGES = ['revocation', 'attacks', 'profile'] as const

/**
 * The two profiles, the only place the lab's defaults live. Measured on a 2-core machine: the
 * default's load stages take about 4.5 minutes (about 8 with the revocation and attack stages);
 * quick about 2 minutes in all, for a first look (too few rounds to quote).
 */
export const PROFILES: Record<RunOptions['profile'], Profile> = {
  default: {
    burst_s: 2,
    warmup_s: 2,
    rounds: 5,
    realistic_rounds: 3,
    connections: 32,
    login_burst_s: 3,
    login_rounds: 2,
    hot_read_only_rounds: 3,
    hot_read_only_burst_s: 1,
    sweep_connections: SWEEP_CONNECTIONS,
    sweep_burst_s: 1,
    sweep_rounds: 1,
    ceiling_bursts: 3,
    cpu_requests: 1000,
    cpu_rounds: 5,
  },
  quick: {
    burst_s: 1,
    warmup_s: 1,
    rounds: 2,
    realistic_rounds: 1,
    connections: 32,
    login_burst_s: 2,
    login_rounds: 1,
    hot_read_only_rounds: 1,
    hot_read_only_burst_s: 1,
    sweep_connections: [1, 256],
    sweep_burst_s: 1,
    sweep_rounds: 1,
    ceiling_bursts: 1,
    cpu_requests: 200,
    cpu_rounds: 2,
  },
}

/**
 * Every load stage off: for commands that run one stage alone (revoke, profile) through the same
 * run machinery (Redis, environment, results), so their results.json says what was not run.
 */
export const ONE_STAGE_OPTIONS: RunOptions = {
  ...PROFILES.default,
  profile: 'default',
  rounds: 0,
  realistic_rounds: 0,
  login_rounds: 0,
  hot_read_only_rounds: 0,
  sweep_rounds: 0,
  sweep_connections: [],
  ceiling_bursts: 0,
  cpu_rounds: 0,
  variants: [],
  hot_read_only_variants: [],
  revocation_variants: [],
  attacks: false,
  pin: false,
}

export const RUN_OPTION_HELP = `  --quick            about 2 minutes: fewer and shorter bursts (a first look, not numbers to quote)
  --duration S       seconds per burst (default 2, quick 1); the sweep and login bursts scale with it
  --connections N    connections for the read scenarios and the ceiling (default 32)
  --repeats N        rounds of every scenario, sweep level and in-process CPU (default: hot read 5,
                     realistic read 3, logins 2, revocation variants 3, sweep 1, in-process 5)
  --strategies LIST  comma-separated strategies to measure (default: none,jwt,session,apikey,paseto)
  --variants V       extra variants, e.g. jwt:alg=ES256  jwt:revocation=denylist  session:store=memory
                     (repeat the flag or separate with spaces; options within one variant by commas)
  --sweep LIST       connection counts of the concurrency sweep (default 1,8,32,128,256), or "off"
  --token-ttl S      credential lifetime in the revocation stage (default 5, quick 3): the window of
                     a token nobody can revoke is what is left of it
  --skip LIST        stages to leave out: revocation, attacks, profile (comma-separated)
  --full             every stage in full: the profile stage runs ${PROFILE_DEFAULTS.seconds} s per variant instead of ${PROFILE_COMPACT.seconds} s
  --pin              pin servers and load generator to separate CPUs with taskset (off by default)
  --out DIR          where results/<timestamp>/ goes (default ./results)`

export function positive(name: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, got "${raw}"`)
  }
  return value
}

/** `--strategies a,b` and `--variants "x y"` (or the flag repeated) as variants, the baseline first. */
export const variantsFromFlags = (strategies: string | undefined, variants: readonly string[]): VariantSpec[] =>
  selectVariants(
    strategies
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    variants.flatMap((entry) => entry.split(/\s+/)).filter(Boolean),
  )

export interface ParsedRun {
  readonly options: RunOptions
  readonly variants: VariantSpec[]
  /** Loaded in the hot-read rounds only (the revocation variants the main set lacks). */
  readonly hotReadOnly: VariantSpec[]
  readonly revocation: { readonly options: RevocationOptions; readonly variants: VariantSpec[] } | undefined
  /** The profile stage: compact in the default run, full with --full, left out of --quick. */
  readonly profile: { readonly variants: VariantSpec[]; readonly seconds: number; readonly rounds: number } | undefined
  readonly outDir: string
}

export function parseRunOptions(argv: readonly string[]): ParsedRun {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      duration: { type: 'string' },
      connections: { type: 'string' },
      repeats: { type: 'string' },
      strategies: { type: 'string' },
      variants: { type: 'string', multiple: true, default: [] },
      sweep: { type: 'string' },
      pin: { type: 'boolean', default: false },
      'token-ttl': { type: 'string' },
      skip: { type: 'string' },
      out: { type: 'string', default: 'results' },
    },
  })
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  const profile = values.quick ? 'quick' : 'default'
  const base = PROFILES[profile]
  const duration = positive('duration', values.duration, false)
  const scale = duration === undefined ? 1 : duration / base.burst_s
  const repeats = positive('repeats', values.repeats, true)
  const connections = positive('connections', values.connections, true)
  const sweep =
    values.sweep === undefined
      ? base.sweep_connections
      : values.sweep === 'off'
        ? []
        : values.sweep.split(',').map((entry) => positive('sweep', entry, true) as number)

  const variants = variantsFromFlags(values.strategies, values.variants)
  const skipped = (values.skip ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  const unknownStage = skipped.find((name) => !(STAGES as readonly string[]).includes(name))
  if (unknownStage) throw new UsageError(`--skip takes ${STAGES.join(', ')}, got "${unknownStage}"`)
  const tokenTtlS = positive('token-ttl', values['token-ttl'], true)
  const revocationProfile = REVOCATION_PROFILES[profile]
  const revocation = skipped.includes('revocation')
    ? undefined
    : {
        options: { ...revocationProfile.options, ...(tokenTtlS !== undefined && { tokenTtlS }) },
        variants: revocationVariants(
          variants.map((variant) => variant.strategy),
          revocationProfile.cacheTtlsMs,
          revocationProfile.compact,
        ),
      }
  const hotReadOnly = (revocation?.variants ?? []).filter(
    (extra) => !variants.some((variant) => variant.id === extra.id),
  )

  const options: RunOptions = {
    ...base,
    profile,
    burst_s: base.burst_s * scale,
    login_burst_s: base.login_burst_s * scale,
    sweep_burst_s: base.sweep_burst_s * scale,
    hot_read_only_burst_s: base.hot_read_only_burst_s * scale,
    ...(repeats !== undefined && {
      rounds: repeats,
      realistic_rounds: repeats,
      login_rounds: repeats,
      hot_read_only_rounds: repeats,
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
  }
  if (values.quick && values.full) throw new UsageError('--quick and --full contradict each other: pick one')
  const profileStage = values.full ? PROFILE_DEFAULTS : PROFILE_COMPACT
  const profiled = skipped.includes('profile') || values.quick ? undefined : { variants, ...profileStage }
  return { options, variants, hotReadOnly, revocation, profile: profiled, outDir: values.out }
}
