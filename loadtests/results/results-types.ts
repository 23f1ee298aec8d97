/**
 * The shape of results.json: the one output of a lab run. Everything printed or rendered later is
 * computed from this object alone, so an old run can be re-read with no server running.
 * results-json-schema.ts says the same for tools outside TypeScript. This file is the ground floor's
 * part: the samples, spreads and load sections every stage may read. Each stage declares its own
 * section's type in its folder; loadtests/stages.ts joins them into RunResults.
 */
/** 2: the baseline runs between every two bursts of a read round (BurstSample.position says where). */
export const RESULTS_SCHEMA_VERSION = 2

/** autocannon's latency percentiles in milliseconds, under autocannon's own names. */
export interface LatencyMs {
  readonly p50: number
  readonly p90: number
  readonly p97_5: number
  readonly p99: number
  readonly max: number
}

/** One short burst of HTTP load against one server: a raw sample, kept whether valid or not. */
export interface BurstSample {
  readonly scenario: string
  readonly variant: string
  /** Its round; in a run whose reads ran in blocks (`options.read_order`), its block. */
  readonly round: number
  /** Place in the round's (shuffled) order, or in the block, from 0. */
  readonly position: number
  readonly connections: number
  /** Seconds the burst actually lasted, as autocannon measured it. */
  readonly duration_s: number
  readonly requests: number
  readonly rps: number
  readonly latency_ms: LatencyMs
  readonly errors: number
  readonly timeouts: number
  readonly status_codes: Readonly<Record<string, number>>
  /**
   * From the server process's own CPU time (/proc/<pid>/stat); for a server elsewhere (`--targets`),
   * from its Prometheus metrics (process_cpu_seconds_total); null where neither can be read.
   */
  readonly server_cpu_us_per_req: number | null
  /** The metrics' figure too, when /proc was read as well (a `--targets` server on this machine): the cross-check. */
  readonly server_cpu_metrics_us_per_req?: number | null
  /** From Redis INFO cpu / commandstats before and after; null when the variant does not use Redis. */
  readonly redis_cpu_us_per_req: number | null
  readonly redis_commands_per_req: number | null
  readonly credential_bytes: number
  /** False when anything went wrong (an error, a timeout, a status other than expected, no requests). */
  readonly valid: boolean
  readonly invalid_reason?: string
  /** The unmeasured load on the same server right before this burst (absent: none was run). */
  readonly pre_burst?: PreBurst
}

/** An unmeasured burst that wakes a server right before its measured one: kept, never counted. */
export interface PreBurst {
  readonly duration_s: number
  readonly rps: number
}

/** The middle and the spread of one metric over the valid samples. */
export interface Spread {
  readonly median: number
  /** First and third quartiles: the interquartile range is [q1, q3]. */
  readonly q1: number
  readonly q3: number
  /** Coefficient of variation (sample standard deviation / mean); 0 for a single sample. */
  readonly cv: number
  readonly n: number
  /**
   * 95% confidence interval of the median (order statistics, see medianInterval95); null with
   * fewer than 6 values. Absent in runs from before it existed.
   */
  readonly ci95?: readonly [number, number] | null
}

/** One variant within one scenario (and connection count), all samples folded together. */
export interface VariantAggregate {
  readonly variant: string
  readonly valid_bursts: number
  readonly invalid_bursts: number
  readonly rps: Spread | null
  /** rps / the mean of the baseline bursts either side in the same round, then the median over rounds. The headline number. */
  readonly rps_ratio: Spread | null
  readonly latency_ms: LatencyMs | null
  readonly p99_ratio: Spread | null
  readonly server_cpu_us_per_req: Spread | null
  readonly server_cpu_ratio: Spread | null
  readonly redis_cpu_us_per_req: Spread | null
  readonly redis_commands_per_req: Spread | null
  readonly credential_bytes: number
}

export interface ScenarioAggregate {
  readonly scenario: string
  readonly connections: number
  readonly variants: readonly VariantAggregate[]
  /**
   * The baseline against itself: each baseline burst's req/s over the mean of the nearest baseline
   * bursts before and after it in its round. No auth differs, so its spread is the machine's noise:
   * ratios closer together than this cannot be told apart. Null with too few baseline bursts.
   */
  readonly noise_floor?: Spread | null
}

/** Short bursts across warm servers, in blocks or rounds (`options.read_order`; counts in `options`). */
export interface BurstSection {
  readonly samples: readonly BurstSample[]
  readonly aggregates: readonly ScenarioAggregate[]
}

/** In-process CPU cost: requests injected straight into the app, no sockets, no HTTP parsing. */
export interface CpuSample {
  readonly variant: string
  readonly round: number
  /** Place in the round (the baseline between every two others); absent in older runs. */
  readonly position?: number
  readonly requests: number
  readonly cpu_us_per_req: number
  readonly valid: boolean
  readonly invalid_reason?: string
}

export interface CpuSection {
  readonly scenario: string
  readonly requests_per_sample: number
  readonly rounds: number
  readonly samples: readonly CpuSample[]
  readonly aggregates: readonly {
    readonly variant: string
    readonly cpu_us_per_req: Spread | null
    /** This variant's µs/request minus the baseline's in the same round. */
    readonly above_baseline_us: Spread | null
  }[]
}

/** The load generator's own maximum, measured on a bare node:http server. */
export interface CeilingSection {
  readonly scenario: string
  readonly connections: number
  readonly samples: readonly BurstSample[]
  readonly rps: Spread | null
  /** Variants whose hot-read median comes within 2x of the ceiling: there autocannon is the limit. */
  readonly near_ceiling: readonly string[]
}

export interface VariantRecord {
  readonly id: string
  readonly strategy: string
  readonly options: Readonly<Record<string, string>>
  /** What the server itself reported in /health. */
  readonly server_variant: Readonly<Record<string, unknown>> | null
  readonly status: 'measured' | 'failed'
  readonly failure?: string
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[]
  readonly credential_bytes: number
}

export interface Environment {
  readonly node: string
  readonly os: string
  readonly cpu_model: string
  readonly cpu_count: number
  readonly redis_version: string
  /**
   * `started`: a private redis-server for this run; `REDIS_URL`: one the user pointed at; `targets`:
   * the targets' own (`redis_version` lists what their INFO said, `not read` when none was given).
   */
  readonly redis_source: 'started' | 'REDIS_URL' | 'targets'
  readonly libraries: Readonly<Record<string, string>>
  readonly git_commit: string | null
  readonly pinned: boolean
  /** With --pin: the CPUs given to the servers and to the load generator. */
  readonly pinning?: { readonly server_cpus: string; readonly loadgen_cpus: string }
  /** The servers' password-hash cost; absent in a `--targets` run (the servers' own, not known here). */
  readonly scrypt_log_n?: number
  /**
   * A `--targets` run: the servers were not started here, so node, OS, CPU, libraries and commit
   * above describe the load generator only.
   */
  readonly targets?: TargetsRecord
}

/** The servers a `--targets` run loaded (README: "Benchmark your own deployment"). */
export interface TargetsRecord {
  /** The targets file as given. */
  readonly file: string
  readonly variants: readonly {
    readonly id: string
    readonly urls: readonly string[]
    /** Server processes whose CPU was read. */
    readonly processes: number
    /** Where server CPU per request came from; null: not read. */
    readonly server_cpu: '/proc' | 'metrics' | null
    /** The Redis's host:port, or null when none was given. */
    readonly redis: string | null
    /** Metrics CPU / /proc CPU over every burst that read both (the cross-check); absent otherwise. */
    readonly metrics_to_proc_cpu?: number
  }[]
  /** The lab's stages a targets run cannot do, and why. */
  readonly skipped_stages: readonly { readonly stage: string; readonly reason: string }[]
}

export interface RunOptions {
  /** Which run: `--quick`, the default, or `--full` (the default profile with FULL_PROFILE's rounds and every stage). */
  readonly profile: 'quick' | 'default' | 'full'
  readonly burst_s: number
  readonly warmup_s: number
  /**
   * Rounds of the hot read: bursts of each variant, the baseline between every two (in `blocks`,
   * a variant or a group of them at a time; see read_order).
   */
  readonly rounds: number
  /**
   * Adaptive: the hot read adds rounds after `rounds`, up to this many, until every ratio's 95%
   * interval is within ±0.05 (in `blocks`, each variant's own). Absent: exactly `rounds`.
   */
  readonly max_rounds?: number
  /**
   * How the read scenarios ordered their bursts. `blocks`: a block per variant, or per group of the
   * variants the self-check compares (its servers warmed, then its rounds with the baseline between
   * every two bursts), every block visited twice, the second visits in the reverse order of the first
   * (runner/rounds.ts, runBlocks). Absent: each round went through every variant in a new order, so
   * a server idled while the others ran.
   */
  readonly read_order?: 'blocks'

  readonly realistic_rounds: number
  readonly connections: number
  readonly login_burst_s: number
  readonly login_rounds: number
  readonly sweep_connections: readonly number[]
  readonly sweep_burst_s: number
  readonly sweep_rounds: number
  readonly ceiling_bursts: number
  readonly cpu_requests: number
  readonly cpu_rounds: number
  readonly variants: readonly string[]
  /** Unmeasured seconds of load on a server right before each of its measured read bursts. */
  readonly pre_burst_s?: number
  /** The load generator of the read bursts (`--engine`); absent: autocannon. The login storm is always autocannon. */
  readonly engine?: 'autocannon' | 'wrk'
  /**
   * Variants loaded in the hot read only (in the same rounds as every other), so the revocation
   * table has their throughput.
   */
  readonly hot_read_only_variants: readonly string[]
  /**
   * Runs before pre-bursts (schema 2 without pre_burst_s) gave these variants hot-read rounds of
   * their own, later and shorter: kept so that an old results.json still renders what it did.
   */
  readonly hot_read_only_rounds?: number
  readonly hot_read_only_burst_s?: number
  /** Variants of the revocation stage; empty when it was skipped (--skip revocation). */
  readonly revocation_variants: readonly string[]
  /** False when the attack stage was skipped (--skip attacks). */
  readonly attacks: boolean
  readonly pin: boolean
}

/** The run's own fields and the load sections: what every stage may read of the run so far. */
export interface RunResults {
  readonly schema_version: typeof RESULTS_SCHEMA_VERSION
  readonly started_at: string
  readonly finished_at: string
  readonly wall_time_s: number
  /** Wall seconds per stage (`start`: Redis and the servers started and verified); absent in older runs. */
  readonly stage_seconds?: Readonly<Record<string, number>>
  readonly environment: Environment
  readonly options: RunOptions
  readonly baseline: string
  readonly variants: readonly VariantRecord[]
  readonly throughput?: BurstSection
  readonly sweep?: BurstSection
  readonly cpu?: CpuSection
  readonly ceiling?: CeilingSection
  readonly warnings: readonly string[]
}
