/**
 * The JSON Schema vocabulary every section's schema is built from (results-json-schema.ts and each
 * stage's own): one copy of a number, a spread, a latency, a burst sample. Imports nothing.
 */
export const number = { type: 'number' } as const
export const nullableNumber = { type: ['number', 'null'] } as const
export const string = { type: 'string' } as const
export const nonNegativeInteger = { type: 'integer', minimum: 0 } as const

export const latencyPercentiles = {
  type: 'object',
  required: ['p50', 'p90', 'p97_5', 'p99', 'max'],
  properties: { p50: number, p90: number, p97_5: number, p99: number, max: number },
} as const

export const spread = {
  type: ['object', 'null'],
  required: ['median', 'q1', 'q3', 'cv', 'n'],
  properties: {
    median: number,
    q1: number,
    q3: number,
    cv: number,
    n: nonNegativeInteger,
    ci95: { anyOf: [{ type: 'array', items: number, minItems: 2, maxItems: 2 }, { type: 'null' }] },
  },
} as const

export const burstSample = {
  type: 'object',
  required: [
    'scenario',
    'variant',
    'round',
    'position',
    'connections',
    'duration_s',
    'requests',
    'rps',
    'latency_ms',
    'errors',
    'timeouts',
    'status_codes',
    'server_cpu_us_per_req',
    'redis_cpu_us_per_req',
    'redis_commands_per_req',
    'credential_bytes',
    'valid',
  ],
  properties: {
    scenario: string,
    variant: string,
    round: nonNegativeInteger,
    position: nonNegativeInteger,
    connections: { type: 'integer', minimum: 1 },
    duration_s: number,
    requests: nonNegativeInteger,
    rps: number,
    latency_ms: latencyPercentiles,
    errors: nonNegativeInteger,
    timeouts: nonNegativeInteger,
    status_codes: { type: 'object', additionalProperties: nonNegativeInteger },
    server_cpu_us_per_req: nullableNumber,
    redis_cpu_us_per_req: nullableNumber,
    redis_commands_per_req: nullableNumber,
    credential_bytes: nonNegativeInteger,
    valid: { type: 'boolean' },
    invalid_reason: string,
    pre_burst: {
      type: 'object',
      required: ['duration_s', 'rps'],
      properties: { duration_s: number, rps: number },
    },
  },
} as const
