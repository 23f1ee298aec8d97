import { randomBytes } from 'node:crypto'
import { bearerToken } from '../../servers/core/credentials.js'
import { invalidCredential, missingCredential } from '../../servers/core/errors.js'
import type { AuthStrategy, StrategyDeps } from '../../servers/core/strategy.js'
import type { StrategyEntry } from '../../servers/registry.js'

/**
 * A throwaway sixth strategy for test/registry.test.ts: an opaque random bearer token, remembered in
 * this process's memory. It is what a new strategy must be for the harness, and no more: it proves
 * that registering an entry is all it takes for the contract suite, the attacks and the revocation
 * stage to pick a strategy up.
 */
function createHeaderTokenStrategy({ users }: StrategyDeps): AuthStrategy {
  const tokens = new Map<string, { readonly sub: string; readonly roles: readonly string[] }>()
  return {
    name: 'header-token',
    variant: {},
    challenge: 'Bearer realm="authlab"',
    async issue(user) {
      const token = randomBytes(32).toString('base64url')
      tokens.set(token, { sub: user.username, roles: user.roles })
      return { token_type: 'Bearer', access_token: token, expires_in: 900 }
    },
    async authenticate(req) {
      const token = bearerToken(req)
      if (token === undefined) throw missingCredential()
      const holder = tokens.get(token)
      if (!holder || !users.find(holder.sub)) throw invalidCredential()
      return { sub: holder.sub, roles: holder.roles, credential: { id: token } }
    },
    async revoke(_req, principal, scope) {
      if (scope.kind === 'this' && principal.credential) tokens.delete(principal.credential.id)
      if (scope.kind === 'all') for (const [token, { sub }] of tokens) if (sub === scope.username) tokens.delete(token)
      return { effect: 'immediate' }
    },
    close: async () => {},
  }
}

export const HEADER_TOKEN_ENTRY: StrategyEntry = {
  summary: 'an opaque bearer token kept in memory (a test registers it)',
  options: [],
  needsRedis: () => false,
  create: (_options, deps) => createHeaderTokenStrategy(deps),
  authenticates: true,
  // Its tokens live in this process's memory: no store to ask.
  checksStoreOnRead: () => false,
  revocationVariants: () => [''],
}
