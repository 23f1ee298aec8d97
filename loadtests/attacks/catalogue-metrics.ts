import type { AttackEntry, AttackRequest } from './attack-entry.js'

/**
 * The metrics endpoint (AUTHLAB_METRICS, issue 30) is no route of the API: whatever path or
 * credential a client tries on the API's port, it must get the contract's 404, never the exposition.
 * The listener's own refusals (a stranger, a missing token) and what the exposition must not hold are
 * tested against a server with metrics on in test/metrics.test.ts.
 */
const EXPOSITION = /process_cpu_seconds_total|^# (HELP|TYPE) /m

const get = (path: string, headers: Record<string, string> = {}): AttackRequest => ({ method: 'GET', path, headers })

export const METRICS_ATTACKS: readonly AttackEntry[] = [
  {
    id: 'all-metrics-via-api',
    family: 'all',
    name: 'metrics through the API',
    tries: "Looks for the Prometheus metrics on the API's port: /metrics, under /api, with a valid credential.",
    expected: { status: 404, code: 'ERR_NOT_FOUND' },
    reference: 'OWASP API Security Top 10 2023, API8 (security misconfiguration: exposed management endpoints)',
    async build(ctx) {
      const login = await ctx.login()
      return {
        attacks: [
          get('/metrics'),
          get('/api/metrics'),
          get('/api/admin/metrics'),
          get('/metrics', login.headers),
          get('/api/metrics', login.headers),
          get('/metrics?format=prometheus', { accept: 'text/plain; version=0.0.4' }),
        ],
        judge: (answers) =>
          answers.some((answer) => EXPOSITION.test(answer.text)) ? 'an answer holds the metrics exposition' : undefined,
      }
    },
  },
]
