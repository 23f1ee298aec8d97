import type { AuthStrategy, StrategyDeps, StrategyName, VariantOptions } from './core/strategy.js'
import { createApiKeyStrategy } from './apikey/apikey-strategy.js'
import { createJwtStrategy, JWT_ALGORITHMS } from './jwt/jwt-strategy.js'
import { createNoneStrategy } from './none/none-strategy.js'
import { createPasetoStrategy } from './paseto/paseto-strategy.js'
import { createSessionStrategy, SESSION_STORES } from './session/session-strategy.js'
import { REVOCATION_MODES } from './token/token-strategy.js'

/** The variant options, with the help text the CLI prints. */
export const VARIANT_OPTIONS = {
  alg: `JWT signing algorithm: ${JWT_ALGORITHMS.join(', ')} (default HS256)`,
  revocation: `token revocation mode: ${REVOCATION_MODES.join(', ')} (default none)`,
  store: `session store: ${SESSION_STORES.join(', ')} (default redis)`,
} as const satisfies Record<keyof VariantOptions, string>

export interface StrategyEntry {
  readonly summary: string
  readonly options: readonly (keyof VariantOptions)[]
  /** Whether this variant needs Redis; when false the server never connects to it. */
  needsRedis(options: VariantOptions): boolean
  create(options: VariantOptions, deps: StrategyDeps): AuthStrategy | Promise<AuthStrategy>
}

export const STRATEGIES: Record<StrategyName, StrategyEntry> = {
  none: {
    summary: 'no authentication: the baseline every other strategy is compared with',
    options: [],
    needsRedis: () => false,
    create: (_options, deps) => createNoneStrategy(deps),
  },
  jwt: {
    summary: 'JSON Web Tokens (jsonwebtoken), Authorization: Bearer',
    options: ['alg', 'revocation'],
    // Even in `none` mode: the failed-login counters live in Redis so that replicas share them.
    needsRedis: () => true,
    create: createJwtStrategy,
  },
  session: {
    summary: 'server-side sessions (express-session + connect-redis), signed cookie',
    options: ['store'],
    needsRedis: (options) => options.store !== 'memory',
    create: createSessionStrategy,
  },
  apikey: {
    summary: 'random API keys, stored as SHA-256 hashes in Redis, X-API-Key header',
    options: [],
    needsRedis: () => true,
    create: (_options, deps) => createApiKeyStrategy(deps),
  },
  paseto: {
    summary: 'PASETO v4.public tokens (Ed25519), Authorization: Bearer',
    options: ['revocation'],
    needsRedis: () => true,
    create: createPasetoStrategy,
  },
}

export function checkVariantOptions(name: StrategyName, options: VariantOptions): void {
  const entry = STRATEGIES[name]
  for (const [option, value] of Object.entries(options)) {
    if (value !== undefined && !entry.options.includes(option as keyof VariantOptions)) {
      throw new TypeError(`option --${option} does not apply to the ${name} strategy`)
    }
  }
}
