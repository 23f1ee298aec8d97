/** JSON Schema of the failover section (failover-section.ts), built from the shared pieces. */
import {
  boolean,
  methodAndRuns,
  nonNegativeInteger as count,
  nonNegativeNumber as ms,
  number,
  string,
} from '../results/schema-pieces.js'

const msOrNull = { type: ['number', 'null'], minimum: 0 } as const

export const FAILOVER_SCHEMA = methodAndRuns(
  {
    type: 'object',
    required: [
      'replicas',
      'rate_per_second',
      'revocations_per_second',
      'replication_lag_ms',
      'down_after_ms',
      'description',
    ],
    properties: { replicas: count, description: string },
  },
  {
    type: 'object',
    required: [
      'variant',
      'durable_revocation',
      'unavailable_ms',
      'lost_revocations',
      'failed',
      'requests',
      'p99_ms',
      'timeline',
    ],
    properties: {
      variant: string,
      durable_revocation: boolean,
      unavailable_ms: msOrNull,
      promoted_after_ms: ms,
      lost_revocations: count,
      failed: count,
      requests: count,
      requests_due: count,
      window_requests_due: count,
      window_requests_sent: count,
      p99_ms: ms,
      revocations_acknowledged: count,
      revocations_refused: count,
      logout_p50_ms: msOrNull,
      logout_p99_ms: msOrNull,
      timeline: {
        type: 'array',
        items: {
          type: 'object',
          required: ['t_ms', 'ok', 'failed'],
          properties: { t_ms: number, ok: count, failed: count },
        },
      },
    },
  },
)
