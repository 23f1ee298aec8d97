/**
 * Every default of the harness in one place: the run profiles, each stage's, the soak's and the
 * attack runner's. The commands' --help texts print them from here. This file sits on the ground
 * floor and imports no stage: each stage's options type checks these values where the stage takes
 * them.
 */
import type { RunOptions } from './results/results-types.js'
import { CHEAP_SCRYPT_LOG_N } from './runner/lab-servers.js'

/** The revocation stage (loadtests/revocation/): `authlab revoke`'s defaults, which the profiles size. */
export const REVOCATION_DEFAULTS = {
  replicas: 2,
  tokenTtlS: 10,
  ratePerSecond: 400,
  connections: 4,
  leadInMs: 1250,
  settleMs: 1000,
  kinds: ['logout', 'revoke-all'],
} as const

type Profile = Omit<
  RunOptions,
  | 'profile'
  | 'variants'
  | 'pin'
  | 'hot_read_only_variants'
  | 'revocation_variants'
  | 'attacks'
  | 'hot_read_only_rounds'
  | 'hot_read_only_burst_s'
>

/**
 * The revocation stage per size: see loadtests/revocation/revocation-experiment.ts. The default run
 * revokes the compact set (one variant per lesson: a token nobody can revoke, a denylist, a session,
 * a cache that hears nothing, an API key) plus the identical-work control pair; `--full` every
 * revocation variant of every strategy, with both cache TTLs' lessons.
 */
export const REVOCATION_PROFILES = {
  full: { options: { ...REVOCATION_DEFAULTS, tokenTtlS: 5 }, cacheTtlsMs: [1000], compact: false },
  default: {
    options: { ...REVOCATION_DEFAULTS, tokenTtlS: 3, leadInMs: 1000, settleMs: 750 },
    cacheTtlsMs: [1000],
    compact: true,
  },
  // A first look: each strategy's default variant, logout only, short-lived tokens.
  quick: {
    options: { ...REVOCATION_DEFAULTS, tokenTtlS: 2, kinds: ['logout'], leadInMs: 750, settleMs: 500 },
    cacheTtlsMs: [1000],
    compact: true,
  },
} as const satisfies Record<
  RunOptions['profile'] | 'full',
  { options: object; cacheTtlsMs: readonly number[]; compact: boolean }
>

/**
 * The two profiles, the only place the lab's defaults live. Sized so that the default run, every
 * stage in it, takes at most 6 minutes on this project's 2-core machine, and quick at most 90 s
 * (the README has the measured times).
 *
 * Every read burst is 1 s after a 0.25 s pre-burst on the same server. Measured here: warm servers
 * in tight rounds (`none, a, none, b, none`, 1 s bursts) measure identical work alike (two jwt
 * servers 0.816 and 0.817 over 12 rounds, per-burst SD 0.08), and a server's first burst after an
 * idle reads 30-45% slow unless a 0.25 s pre-burst wakes it first. Even then a server that idled
 * 30-60 s reads about 15% below one loaded seconds before, while the baseline never idles, so the
 * reads run in blocks of one variant, or of the variants compared with each other, each visited
 * twice in mirrored order (`read_order: 'blocks'`, runner/rounds.ts runBlocks).
 */
export const PROFILES: Record<Exclude<RunOptions['profile'], 'full'>, Profile> = {
  default: {
    read_order: 'blocks',
    burst_s: 1,
    pre_burst_s: 0.25,
    warmup_s: 1,
    rounds: 6,
    max_rounds: 7,
    realistic_rounds: 2,
    connections: 32,
    login_burst_s: 3,
    login_rounds: 1,
    sweep_connections: [1, 256],
    sweep_burst_s: 1,
    // The sweep runs with --full or --sweep LIST only: 6 rounds, the fewest whose ratios have a 95%
    // interval of the median (results/statistics.ts).
    sweep_rounds: 6,
    ceiling_bursts: 2,
    cpu_requests: 1000,
    cpu_rounds: 6,
  },
  quick: {
    read_order: 'blocks',
    burst_s: 1,
    pre_burst_s: 0.25,
    warmup_s: 1,
    rounds: 2,
    realistic_rounds: 0,
    connections: 32,
    // Servers of a quick run hash at the cheap cost (labelled in its warnings), so that a 2 s burst
    // holds many logins instead of none: at the real cost one hash outlasts a 1 s burst.
    login_burst_s: 2,
    login_rounds: 1,
    sweep_connections: [],
    sweep_burst_s: 1,
    sweep_rounds: 0,
    ceiling_bursts: 1,
    cpu_requests: 200,
    cpu_rounds: 2,
  },
}

/**
 * What `--full` changes in the default profile: the hot read adds rounds until every ratio's 95%
 * interval is within ±0.05 (up to 20), and the realistic read and the login storm get 6 rounds, the
 * fewest whose ratios have a 95% interval (the default run's 2 and 1 fit its 6 minutes, and its
 * summary says their ratios have too few rounds for one).
 */
export const FULL_PROFILE = { max_rounds: 20, realistic_rounds: 6, login_rounds: 6 } as const satisfies Partial<Profile>

/**
 * Stages only `--full` runs: the default run leaves them out to stay within 6 minutes on a 2-core
 * machine (each has a command of its own: the sweep is `--sweep LIST`, then `authlab profile`,
 * `authlab failover` and `authlab browser`). `--sweep LIST` brings the sweep back without `--full`.
 */
export const FULL_ONLY_STAGES = ['sweep', 'profile', 'refusal', 'failover', 'browser'] as const

/**
 * What `--quick` leaves out besides those, to stay within 90 s: the attack catalogue (about 30 s;
 * `authlab attack` runs it alone) and the store stage.
 */
export const NOT_IN_QUICK = ['attacks', 'store'] as const

/** `authlab revoke` alone: cache TTLs of the cached variants (the first also with pub/sub). */
export const REVOKE_COMMAND_CACHE_TTLS_MS = [1000, 5000] as const

export const SOAK_DEFAULTS = {
  minutes: 10,
  /** Steady requests per second per server. */
  rate: 100,
  /** The verdict: RSS growth after warm-up at or above this fails the soak. */
  rssGrowthLimitPct: 10,
  /** See `authlab soak --help`: the soak's logins are churn, not a measurement of the hash. */
  scryptLogN: CHEAP_SCRYPT_LOG_N,
} as const

export const ATTACK_DEFAULTS = {
  /** The failed-login limit of the brute-force server the runner starts (small, so the attack is quick). */
  lockoutMaxFailures: 5,
  /** `--target`: the target's AUTHLAB_LOGIN_MAX_FAILURES, unless --max-failures says otherwise. */
  targetMaxFailures: 10,
  /** `authlab attack --flood`: refused requests of each kind per strategy (issue 28). */
  floodRequests: 10_000,
  /** A rough plan for the progress line: two servers start, then about 300 requests. */
  plannedSecondsPerVariant: 12,
} as const

/**
 * The profile stage (loadtests/profile/): profiled seconds per variant, split over rounds. Compact
 * is what `npm run lab` runs (measured 32 s for the five strategies, load average 25 on 2 cores);
 * full is `--full` and `authlab profile`. Left out of `--quick`.
 */
export const PROFILE_STAGE = {
  full: { seconds: 3, rounds: 3 },
  compact: { seconds: 1, rounds: 2 },
} as const

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

/**
 * The failover stage (loadtests/failover/, issue 14). `full`: `authlab failover` and `npm run lab --full`;
 * `compact`: the default lab run's share (one variant, with and without durable revocation).
 */
export const FAILOVER = {
  full: {
    replicas: 2,
    durable: [false, true],
    connections: 4,
    ratePerSecond: 200,
    revocationsPerSecond: 20,
    revokeWindowMs: 2000,
    replicationLagMs: 250,
    downAfterMs: 1000,
    afterRecoveryMs: 2000,
  },
  compact: {
    replicas: 2,
    durable: [false, true],
    connections: 2,
    ratePerSecond: 100,
    revocationsPerSecond: 20,
    revokeWindowMs: 1000,
    replicationLagMs: 250,
    downAfterMs: 1000,
    afterRecoveryMs: 1000,
  },
} as const

/**
 * The store stage (loadtests/store/, issue 13). `full` is what the commands and `npm run lab --full`
 * run; `compact` is the default lab run's share (one variant per lesson, fewer logins).
 */
export const STORE_RESTART = {
  full: { persistence: ['none', 'rdb', 'aof'], stops: ['graceful', 'crash'], credentials: 10 },
  compact: { persistence: ['none', 'aof'], stops: ['crash'], credentials: 4 },
} as const

export const STORE_OUTAGE = {
  full: {
    modes: ['kill', 'stall'],
    seconds: 3,
    ratePerSecond: 50,
    leadInMs: 1000,
    tailMs: 5000,
    storeTimeoutMs: 1000,
    binMs: 100,
  },
  compact: {
    modes: ['kill', 'stall'],
    seconds: 1.5,
    ratePerSecond: 40,
    leadInMs: 500,
    tailMs: 4000,
    storeTimeoutMs: 1000,
    binMs: 100,
  },
} as const

export const STORE_LATENCY = {
  full: { rttsMs: [0, 0.5, 1, 2, 5], ratePerSecond: 200, openSeconds: 2, rounds: 3, burstS: 1, connections: 32 },
  compact: { rttsMs: [0, 2], ratePerSecond: 200, openSeconds: 1, rounds: 0, burstS: 1, connections: 32 },
} as const

/** Cache TTL of the cached variants the latency experiment adds (what a cache buys back). */
export const STORE_LATENCY_CACHE_TTL_MS = 1000
