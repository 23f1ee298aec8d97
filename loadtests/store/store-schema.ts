/** JSON Schema of the store sections (store-section.ts), built from the shared pieces. */
import {
  arrayOf,
  boolean,
  methodAndRuns,
  nonNegativeInteger as count,
  nonNegativeNumber,
  nullableNumber,
  number,
  spread,
  string,
} from '../results/schema-pieces.js'
import { REDIS_PERSISTENCE } from '../runner/redis-server.js'

const persistence = { enum: [...REDIS_PERSISTENCE] } as const

export const STORE_RESTART_SCHEMA = methodAndRuns(
  {
    type: 'object',
    required: ['credentials_per_variant', 'persistence', 'stops', 'description'],
    properties: {
      credentials_per_variant: count,
      persistence: arrayOf(persistence),
      stops: { type: 'array', items: { enum: ['graceful', 'crash'] } },
      description: string,
    },
  },
  {
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
      persistence,
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
      recovery_ms: nonNegativeNumber,
    },
  },
)

const counts = arrayOf(count)

export const STORE_OUTAGE_SCHEMA = methodAndRuns(
  {
    type: 'object',
    required: ['modes', 'seconds', 'rate_per_s', 'store_timeout_ms', 'hung_after_ms', 'bin_ms', 'description'],
    properties: { modes: { type: 'array', items: { enum: ['kill', 'stall'] } }, description: string },
  },
  {
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
      must_fail_closed: boolean,
      insecure_fail_open: boolean,
      requests: count,
      served_during_outage: count,
      refused_during_outage: count,
      hung: count,
      revoked_accepted_during_outage: count,
      revoked_accepted_before: count,
      recovery_ms: nullableNumber,
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
)

export const STORE_LATENCY_SCHEMA = methodAndRuns(
  {
    type: 'object',
    required: ['rtts_ms', 'rate_per_s', 'open_seconds', 'rounds', 'burst_s', 'connections', 'description'],
    properties: { rtts_ms: { type: 'array', items: nonNegativeNumber }, description: string },
  },
  {
    type: 'object',
    required: ['variant', 'strategy', 'rtt_ms', 'latency_ms', 'requests', 'non_2xx', 'rps_ratio', 'rps'],
    properties: {
      variant: string,
      rtt_ms: nonNegativeNumber,
      latency_ms: {
        type: ['object', 'null'],
        required: ['p50', 'p90', 'p99'],
        properties: { p50: number, p90: number, p99: number },
      },
      requests: count,
      non_2xx: count,
      rps_ratio: spread,
      rps: spread,
    },
  },
  'points',
)
