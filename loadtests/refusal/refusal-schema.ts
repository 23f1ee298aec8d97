import { burstSample, nonNegativeInteger, number, spread, string } from '../results/schema-pieces.js'
import { REFUSAL_KINDS } from './refusal-targets.js'

/**
 * JSON Schema of the `refusal` section (refusal-section.ts is the typed definition), from the shared
 * pieces; the stage (stage.ts) hands it to the list that builds the schema of results.json.
 */
export const REFUSAL_SCHEMA = {
  type: 'object',
  required: [
    'method',
    'scenario',
    'connections',
    'burst_s',
    'pre_burst_s',
    'rounds',
    'baseline',
    'noise_floor',
    'rows',
    'samples',
  ],
  properties: {
    method: string,
    scenario: string,
    connections: { type: 'integer', minimum: 1 },
    burst_s: number,
    pre_burst_s: number,
    rounds: nonNegativeInteger,
    baseline: string,
    noise_floor: spread,
    samples: { type: 'array', items: burstSample },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variant',
          'strategy',
          'kind',
          'expected_status',
          'code',
          'statuses',
          'valid_bursts',
          'invalid_bursts',
          'rps',
          'rps_ratio',
          'server_cpu_us_per_req',
          'redis_commands_per_req',
          'redis_cpu_us_per_req',
          'reaches_store',
        ],
        properties: {
          variant: string,
          strategy: string,
          kind: { enum: [...REFUSAL_KINDS] },
          expected_status: { enum: [200, 401] },
          code: { type: ['string', 'null'] },
          statuses: { type: 'object', additionalProperties: nonNegativeInteger },
          valid_bursts: nonNegativeInteger,
          invalid_bursts: nonNegativeInteger,
          rps: spread,
          rps_ratio: spread,
          server_cpu_us_per_req: spread,
          redis_commands_per_req: spread,
          redis_cpu_us_per_req: spread,
          reaches_store: { type: ['boolean', 'null'] },
        },
      },
    },
  },
} as const
