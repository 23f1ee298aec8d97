import type { BurstSample } from './results-types.js'

/**
 * A made-up hot-read burst for tests of what is computed from bursts (aggregates, the self-check,
 * warnings): the baseline reads 1000 req/s, so `ratio` is the burst's ratio to it.
 */
export const fakeBurst = (variant: string, round: number, position: number, ratio: number): BurstSample => ({
  scenario: 'hot-read',
  variant,
  round,
  position,
  connections: 32,
  duration_s: 1,
  requests: 1000 * ratio,
  rps: 1000 * ratio,
  latency_ms: { p50: 1, p90: 1, p97_5: 1, p99: 1, max: 1 },
  errors: 0,
  timeouts: 0,
  status_codes: { '200': 1000 * ratio },
  server_cpu_us_per_req: null,
  redis_cpu_us_per_req: null,
  redis_commands_per_req: null,
  credential_bytes: 0,
  valid: true,
})
