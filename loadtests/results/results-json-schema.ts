import { RESULTS_SCHEMA_VERSION } from './results-types.js'
import {
  arrayOf,
  burstSample,
  latencyPercentiles,
  nonNegativeInteger,
  number,
  spread,
  string,
  type JsonSchema,
} from './schema-pieces.js'
import { TARGETS_RECORD_SCHEMA } from './targets-schema.js'

/**
 * JSON Schema (draft 2020-12) of results.json, for readers outside TypeScript; results-types.ts is
 * the typed definition the code uses. This file holds the run's own fields and the load sections
 * the ground floor defines (bursts, in-process CPU, the ceiling); every stage brings its own
 * section's schema, and the list of stages joins them in (resultsJsonSchema).
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

export const BURST_SECTION_SCHEMA = {
  type: 'object',
  required: ['samples', 'aggregates'],
  properties: {
    samples: arrayOf(burstSample),
    aggregates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['scenario', 'connections', 'variants'],
        properties: { scenario: string, connections: number, variants: arrayOf(variantAggregate) },
      },
    },
  },
} as const

export const CPU_SECTION_SCHEMA = {
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
} as const

export const CEILING_SECTION_SCHEMA = {
  type: 'object',
  required: ['scenario', 'connections', 'samples', 'rps', 'near_ceiling'],
  properties: {
    samples: arrayOf(burstSample),
    rps: spread,
    near_ceiling: arrayOf(string),
  },
} as const

/** The whole schema: the run's own fields, and each stage's sections (key → schema) in the list's order. */
export const resultsJsonSchema = (sections: Readonly<Record<string, JsonSchema>>) =>
  ({
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
        ],
        properties: {
          node: string,
          os: string,
          cpu_model: string,
          cpu_count: { type: 'integer', minimum: 1 },
          redis_version: string,
          redis_source: { enum: ['started', 'REDIS_URL', 'targets'] },
          libraries: { type: 'object', additionalProperties: string },
          git_commit: { type: ['string', 'null'] },
          pinned: { type: 'boolean' },
          pinning: {
            type: 'object',
            required: ['server_cpus', 'loadgen_cpus'],
            properties: { server_cpus: string, loadgen_cpus: string },
          },
          scrypt_log_n: { type: 'integer' },
          targets: TARGETS_RECORD_SCHEMA,
        },
      },
      options: {
        type: 'object',
        required: ['profile', 'burst_s', 'warmup_s', 'rounds', 'connections', 'variants', 'pin'],
        properties: {
          profile: { enum: ['quick', 'default', 'full'] },
          variants: arrayOf(string),
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
      ...sections,
      warnings: arrayOf(string),
    },
  }) as const
