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
