import type { AuthStrategy, StrategyDeps } from '../core/strategy.js'

/**
 * The baseline: the same routes with no authentication at all. Every request is served as one
 * fixed demo user, so the difference between this server and any other is the cost of auth alone.
 * Never deploy it; it exists to be measured against.
 */
export function createNoneStrategy(_deps: StrategyDeps): AuthStrategy {
  const principal = { sub: 'anonymous', roles: ['user'] } as const
  return {
    name: 'none',
    variant: {},
    challenge: 'None',
    issue: async () => ({ token_type: 'None', expires_in: 0 }),
    authenticate: async () => principal,
    revoke: async () => ({ effect: 'none' }),
    close: async () => {},
  }
}
