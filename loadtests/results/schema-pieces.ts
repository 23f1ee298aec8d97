/**
 * The JSON Schema (draft 2020-12) vocabulary every section of results.json is built from: a stage's
 * schema names these pieces instead of writing its own copy, so that a spread means the same thing
 * (with its cv and n) in every section.
 */
export type JsonSchema = Readonly<Record<string, unknown>>

export const number = { type: 'number' } as const
export const nonNegativeNumber = { type: 'number', minimum: 0 } as const
export const nullableNumber = { type: ['number', 'null'] } as const
export const string = { type: 'string' } as const
export const boolean = { type: 'boolean' } as const
export const nonNegativeInteger = { type: 'integer', minimum: 0 } as const

export const arrayOf = <Items extends JsonSchema>(items: Items) => ({ type: 'array', items }) as const

/** autocannon's latency percentiles in milliseconds (LatencyMs). */
export const latencyPercentiles = {
  type: 'object',
  required: ['p50', 'p90', 'p97_5', 'p99', 'max'],
  properties: { p50: number, p90: number, p97_5: number, p99: number, max: number },
} as const

/** A Spread (median, quartiles, cv, n, the median's 95% interval), or null when nothing was valid. */
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

/** One burst of load (BurstSample): kept whether valid or not. */
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
    server_cpu_metrics_us_per_req: nullableNumber,
    redis_cpu_us_per_req: nullableNumber,
    redis_commands_per_req: nullableNumber,
    credential_bytes: nonNegativeInteger,
    valid: boolean,
    invalid_reason: string,
    pre_burst: {
      type: 'object',
      required: ['duration_s', 'rps'],
      properties: { duration_s: number, rps: number },
    },
  },
} as const

/**
 * `{ method, runs }`: an experiment section, the method it ran with (a sentence in `description`
 * and the numbers it used) and one entry per run. `runs` is the key unless the section names it
 * otherwise (the store's latency section holds `points`).
 */
export const methodAndRuns = <Method extends JsonSchema, Run extends JsonSchema, Key extends string = 'runs'>(
  method: Method,
  run: Run,
  key: Key = 'runs' as Key,
) =>
  ({
    type: 'object',
    required: ['method', key],
    properties: { method, [key]: arrayOf(run) } as { method: Method } & Record<Key, { type: 'array'; items: Run }>,
  }) as const
