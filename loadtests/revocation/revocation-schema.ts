/** JSON Schema of the `revocation` section (revocation-section.ts is the typed definition). */
import {
  arrayOf,
  boolean,
  methodAndRuns,
  nonNegativeInteger,
  nonNegativeNumber,
  number,
  string,
} from '../results/schema-pieces.js'
import { REVOKE_KINDS } from './revocation-experiment.js'

const kind = { enum: [...REVOKE_KINDS] } as const

export const REVOCATION_SCHEMA = methodAndRuns(
  {
    type: 'object',
    required: [
      'replicas',
      'token_ttl_s',
      'rate_per_s',
      'connections',
      'lead_in_ms',
      'settle_ms',
      'clock_tolerance_s',
      'kinds',
      'scrypt_log_n',
    ],
    properties: {
      replicas: { type: 'integer', minimum: 1 },
      token_ttl_s: nonNegativeNumber,
      rate_per_s: nonNegativeNumber,
      connections: nonNegativeInteger,
      lead_in_ms: nonNegativeNumber,
      settle_ms: nonNegativeNumber,
      clock_tolerance_s: { const: 0 },
      kinds: arrayOf(kind),
      scrypt_log_n: { type: 'integer' },
      balancer: { enum: ['haproxy'] },
    },
  },
  {
    type: 'object',
    required: [
      'variant',
      'strategy',
      'kind',
      'revoke_status',
      'auth_revocation',
      'life_left_ms',
      'window_ms',
      'accepted_after_revoke',
      'refused_before_expiry',
      'replicas',
      'timeline',
      'requests',
    ],
    properties: {
      variant: string,
      strategy: string,
      kind,
      revoke_status: { type: 'integer' },
      auth_revocation: { type: ['string', 'null'] },
      revoke_call_ms: number,
      life_left_ms: number,
      window_ms: number,
      accepted_after_revoke: nonNegativeInteger,
      refused_before_expiry: boolean,
      replicas: arrayOf({ type: 'object' }),
      timeline: { type: 'object' },
      requests: {
        type: 'object',
        required: ['sent_ms', 'latency_ms', 'status', 'replica'],
        properties: {
          sent_ms: arrayOf(number),
          latency_ms: arrayOf(number),
          status: arrayOf({ type: 'integer' }),
          replica: arrayOf({ type: 'integer' }),
        },
      },
    },
  },
)
