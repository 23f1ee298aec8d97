/** JSON Schema of the store sections (store-section.ts), joined into results-json-schema.ts. */
const count = { type: 'integer', minimum: 0 } as const
const string = { type: 'string' } as const

export const STORE_RESTART_SCHEMA = {
  type: 'object',
  required: ['method', 'runs'],
  properties: {
    method: {
      type: 'object',
      required: ['credentials_per_variant', 'persistence', 'stops', 'description'],
      properties: {
        credentials_per_variant: count,
        persistence: { type: 'array', items: { enum: ['none', 'rdb', 'aof'] } },
        stops: { type: 'array', items: { enum: ['graceful', 'crash'] } },
        description: string,
      },
    },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variant',
          'strategy',
          'persistence',
          'stop',
          'revocation_effect',
          'live',
          'live_lost',
          'revoked',
          'revoked_accepted_again',
          'recovery_ms',
        ],
        properties: {
          variant: string,
          strategy: string,
          persistence: { enum: ['none', 'rdb', 'aof'] },
          stop: { enum: ['graceful', 'crash'] },
          revocation_effect: string,
          live: count,
          live_lost: count,
          revoked: count,
          revoked_accepted_again: count,
          refresh: {
            type: 'object',
            required: ['live', 'lost', 'revoked', 'accepted_again'],
            properties: { live: count, lost: count, revoked: count, accepted_again: count },
          },
          recovery_ms: { type: 'number', minimum: 0 },
        },
      },
    },
  },
} as const

const counts = { type: 'array', items: count } as const

export const STORE_OUTAGE_SCHEMA = {
  type: 'object',
  required: ['method', 'runs'],
  properties: {
    method: {
      type: 'object',
      required: ['modes', 'seconds', 'rate_per_s', 'store_timeout_ms', 'hung_after_ms', 'bin_ms', 'description'],
      properties: { modes: { type: 'array', items: { enum: ['kill', 'stall'] } }, description: string },
    },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variant',
          'strategy',
          'mode',
          'must_fail_closed',
          'requests',
          'served_during_outage',
          'refused_during_outage',
          'hung',
          'revoked_accepted_during_outage',
          'revoked_accepted_before',
          'recovery_ms',
          'timeline',
        ],
        properties: {
          variant: string,
          mode: { enum: ['kill', 'stall'] },
          must_fail_closed: { type: 'boolean' },
          insecure_fail_open: { type: 'boolean' },
          requests: count,
          served_during_outage: count,
          refused_during_outage: count,
          hung: count,
          revoked_accepted_during_outage: count,
          revoked_accepted_before: count,
          recovery_ms: { type: ['number', 'null'] },
          timeline: {
            type: 'object',
            required: ['bin_ms', 'start_ms', 'outage_ms', 'counts'],
            properties: {
              counts: {
                type: 'object',
                required: ['2xx', '401', '503', 'other', 'no_answer'],
                properties: { '2xx': counts, '401': counts, '503': counts, other: counts, no_answer: counts },
              },
            },
          },
        },
      },
    },
  },
} as const

const spread = {
  type: ['object', 'null'],
  required: ['median', 'q1', 'q3'],
  properties: { median: { type: 'number' }, q1: { type: 'number' }, q3: { type: 'number' } },
} as const

export const STORE_LATENCY_SCHEMA = {
  type: 'object',
  required: ['method', 'points'],
  properties: {
    method: {
      type: 'object',
      required: ['rtts_ms', 'rate_per_s', 'open_seconds', 'rounds', 'burst_s', 'connections', 'description'],
      properties: { rtts_ms: { type: 'array', items: { type: 'number', minimum: 0 } }, description: string },
    },
    points: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variant', 'strategy', 'rtt_ms', 'latency_ms', 'requests', 'non_2xx', 'rps_ratio', 'rps'],
        properties: {
          variant: string,
          rtt_ms: { type: 'number', minimum: 0 },
          latency_ms: {
            type: ['object', 'null'],
            required: ['p50', 'p90', 'p99'],
            properties: { p50: { type: 'number' }, p90: { type: 'number' }, p99: { type: 'number' } },
          },
          requests: count,
          non_2xx: count,
          rps_ratio: spread,
          rps: spread,
        },
      },
    },
  },
} as const
