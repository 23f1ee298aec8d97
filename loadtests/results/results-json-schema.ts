import { PROFILE_CATEGORIES } from '../profile/profile-categories.js'
import { RESULTS_SCHEMA_VERSION } from './results-types.js'
import { STORE_LATENCY_SCHEMA, STORE_OUTAGE_SCHEMA, STORE_RESTART_SCHEMA } from '../store/store-schema.js'
import { FAILOVER_SCHEMA } from '../failover/failover-schema.js'
import { BROWSER_SCHEMA } from '../browser/browser-schema.js'
import {
  burstSample,
  latencyPercentiles,
  nonNegativeInteger,
  nullableNumber,
  number,
  spread,
  string,
} from './schema-pieces.js'

/**
 * JSON Schema (draft 2020-12) of results.json, for readers outside TypeScript; results-types.ts is
 * the typed definition the code uses. It pins down what every consumer relies on and leaves
 * `additionalProperties` open at the top, so later sections (revocation, attacks) need no change here.
 */
const variantAggregate = {
  type: 'object',
  required: [
    'variant',
    'valid_bursts',
    'invalid_bursts',
    'rps',
    'rps_ratio',
    'latency_ms',
    'p99_ratio',
    'server_cpu_us_per_req',
    'server_cpu_ratio',
    'redis_cpu_us_per_req',
    'redis_commands_per_req',
    'credential_bytes',
  ],
  properties: {
    variant: string,
    valid_bursts: nonNegativeInteger,
    invalid_bursts: nonNegativeInteger,
    rps: spread,
    rps_ratio: spread,
    latency_ms: { anyOf: [latencyPercentiles, { type: 'null' }] },
    p99_ratio: spread,
    server_cpu_us_per_req: spread,
    server_cpu_ratio: spread,
    redis_cpu_us_per_req: spread,
    redis_commands_per_req: spread,
    credential_bytes: nonNegativeInteger,
  },
} as const

const burstSection = {
  type: 'object',
  required: ['samples', 'aggregates'],
  properties: {
    samples: { type: 'array', items: burstSample },
    aggregates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['scenario', 'connections', 'variants'],
        properties: { scenario: string, connections: number, variants: { type: 'array', items: variantAggregate } },
      },
    },
  },
} as const

const profileCategory = {
  type: 'object',
  required: ['category', 'us_per_req', 'baseline_us_per_req', 'above_baseline_us', 'share'],
  properties: {
    category: { enum: [...PROFILE_CATEGORIES] },
    us_per_req: { type: 'number', minimum: 0 },
    baseline_us_per_req: { type: 'number', minimum: 0 },
    above_baseline_us: number,
    share: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const

/** `npx authlab profile` and the lab's profile stage: loadtests/profile/profile-section.ts. */
const profileSection = {
  type: 'object',
  required: [
    'method',
    'scenario',
    'sampling_interval_us',
    'rounds',
    'seconds_per_variant',
    'main_thread_cpu',
    'profiler_overhead',
    'unprofiled_samples',
    'variants',
  ],
  properties: {
    method: string,
    scenario: string,
    sampling_interval_us: number,
    rounds: { type: 'integer', minimum: 1 },
    seconds_per_variant: number,
    main_thread_cpu: { type: 'boolean' },
    profiler_overhead: spread,
    unprofiled_samples: {
      type: 'array',
      items: { type: 'object', required: ['variant', 'round', 'requests', 'cpu_us_per_req', 'valid'] },
    },
    variants: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variant',
          'requests',
          'busy_samples',
          'cpu_us_per_req',
          'above_baseline_us',
          'profiled_cpu_us_per_req',
          'shares_of',
          'categories',
          'lab_functions',
          'profile_file',
          'cross_check',
        ],
        properties: {
          variant: string,
          requests: nonNegativeInteger,
          busy_samples: nonNegativeInteger,
          cpu_us_per_req: spread,
          above_baseline_us: spread,
          profiled_cpu_us_per_req: spread,
          shares_of: { enum: ['above_baseline', 'own_total'] },
          categories: { type: 'array', items: profileCategory },
          lab_functions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['function', 'us_per_req'],
              properties: { function: string, us_per_req: number },
            },
          },
          profile_file: string,
          cross_check: {
            type: ['object', 'null'],
            required: [
              'unprofiled_above_baseline_us',
              'profiled_above_baseline_us',
              'cpu_stage_above_baseline_us',
              'agrees',
              'verdict',
            ],
            properties: {
              unprofiled_above_baseline_us: spread,
              profiled_above_baseline_us: nullableNumber,
              cpu_stage_above_baseline_us: spread,
              agrees: { type: 'boolean' },
              verdict: string,
            },
          },
        },
      },
    },
  },
} as const

export const RESULTS_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/authlab/authlab/results.schema.json',
  title: 'authlab results.json',
  type: 'object',
  required: [
    'schema_version',
    'started_at',
    'finished_at',
    'wall_time_s',
    'environment',
    'options',
    'baseline',
    'variants',
    'warnings',
  ],
  properties: {
    schema_version: { const: RESULTS_SCHEMA_VERSION },
    started_at: string,
    finished_at: string,
    wall_time_s: number,
    stage_seconds: { type: 'object', additionalProperties: number },
    environment: {
      type: 'object',
      required: [
        'node',
        'os',
        'cpu_model',
        'cpu_count',
        'redis_version',
        'redis_source',
        'libraries',
        'git_commit',
        'pinned',
        'scrypt_log_n',
      ],
      properties: {
        node: string,
        os: string,
        cpu_model: string,
        cpu_count: { type: 'integer', minimum: 1 },
        redis_version: string,
        redis_source: { enum: ['started', 'REDIS_URL'] },
        libraries: { type: 'object', additionalProperties: string },
        git_commit: { type: ['string', 'null'] },
        pinned: { type: 'boolean' },
        pinning: {
          type: 'object',
          required: ['server_cpus', 'loadgen_cpus'],
          properties: { server_cpus: string, loadgen_cpus: string },
        },
        scrypt_log_n: { type: 'integer' },
      },
    },
    options: {
      type: 'object',
      required: ['profile', 'burst_s', 'warmup_s', 'rounds', 'connections', 'variants', 'pin'],
      properties: {
        profile: { enum: ['quick', 'default'] },
        variants: { type: 'array', items: string },
        pin: { type: 'boolean' },
      },
    },
    baseline: string,
    variants: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'strategy', 'options', 'server_variant', 'status', 'checks', 'credential_bytes'],
        properties: {
          id: string,
          strategy: string,
          status: { enum: ['measured', 'failed'] },
          failure: string,
          checks: { type: 'array', items: { type: 'object', required: ['name', 'ok', 'detail'] } },
        },
      },
    },
    throughput: burstSection,
    sweep: burstSection,
    cpu: {
      type: 'object',
      required: ['scenario', 'requests_per_sample', 'rounds', 'samples', 'aggregates'],
      properties: {
        samples: {
          type: 'array',
          items: { type: 'object', required: ['variant', 'round', 'requests', 'cpu_us_per_req', 'valid'] },
        },
        aggregates: {
          type: 'array',
          items: {
            type: 'object',
            required: ['variant', 'cpu_us_per_req', 'above_baseline_us'],
            properties: { cpu_us_per_req: spread, above_baseline_us: spread },
          },
        },
      },
    },
    ceiling: {
      type: 'object',
      required: ['scenario', 'connections', 'samples', 'rps', 'near_ceiling'],
      properties: {
        samples: { type: 'array', items: burstSample },
        rps: spread,
        near_ceiling: { type: 'array', items: string },
      },
    },
    profile: profileSection,
    store_restart: STORE_RESTART_SCHEMA,
    store_outage: STORE_OUTAGE_SCHEMA,
    store_latency: STORE_LATENCY_SCHEMA,
    failover: FAILOVER_SCHEMA,
    browser: BROWSER_SCHEMA,
    warnings: { type: 'array', items: string },
  },
} as const
