import type { AuthStrategy, StrategyDeps, StrategyName, VariantOptions } from './core/strategy.js'
import { createApiKeyStrategy } from './apikey/apikey-strategy.js'
import { createJwtStrategy, JWT_ALGORITHMS, JWT_KEY_FORMATS } from './jwt/jwt-strategy.js'
import { createNoneStrategy } from './none/none-strategy.js'
import { createPasetoStrategy } from './paseto/paseto-strategy.js'
import { createSessionStrategy, SESSION_STORES } from './session/session-strategy.js'
import { REVOCATION_MODES } from './token/token-strategy.js'
import { INVALIDATION_MODES } from './core/credential-cache.js'

/** The variant options: the command-line flag of each, and the help text the CLI prints. */
export const VARIANT_OPTIONS = {
  alg: { flag: 'alg', help: `JWT signing algorithm: ${JWT_ALGORITHMS.join(', ')} (default HS256)` },
  keyFormat: {
    flag: 'key-format',
    help: `HS256 secret handed to jsonwebtoken as: ${JWT_KEY_FORMATS.join(' or ')} (default keyobject; string is THE ANTI-PATTERN, off by default, here to be measured)`,
  },
  revocation: { flag: 'revocation', help: `token revocation mode: ${REVOCATION_MODES.join(', ')} (default none)` },
  store: { flag: 'store', help: `session store: ${SESSION_STORES.join(', ')} (default redis)` },
  cacheTtl: {
    flag: 'cache-ttl',
    help: 'in-process cache in front of Redis, in ms (default 0: none); tokens: denylist mode',
  },
  invalidation: {
    flag: 'invalidation',
    help: `with --cache-ttl: ${INVALIDATION_MODES.join(' or ')} (Redis pub/sub tells every replica)`,
  },
} as const satisfies Record<keyof VariantOptions, { flag: string; help: string }>

const CACHE = ['cacheTtl', 'invalidation'] as const

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
    options: ['alg', 'keyFormat', 'revocation', ...CACHE],
    // Even in `none` mode: the failed-login counters live in Redis so that replicas share them.
    needsRedis: () => true,
    create: createJwtStrategy,
  },
  session: {
    summary: 'server-side sessions (express-session + connect-redis), signed cookie',
    options: ['store', ...CACHE],
    needsRedis: (options) => options.store !== 'memory',
    create: createSessionStrategy,
  },
  apikey: {
    summary: 'random API keys, stored as SHA-256 hashes in Redis, X-API-Key header',
    options: [...CACHE],
    needsRedis: () => true,
    create: createApiKeyStrategy,
  },
  paseto: {
    summary: 'PASETO v4.public tokens (Ed25519), Authorization: Bearer',
    options: ['revocation', ...CACHE],
    needsRedis: () => true,
    create: createPasetoStrategy,
  },
}

export function checkVariantOptions(name: StrategyName, options: VariantOptions): void {
  const entry = STRATEGIES[name]
  for (const [option, value] of Object.entries(options)) {
    if (value !== undefined && !entry.options.includes(option as keyof VariantOptions)) {
      const { flag } = VARIANT_OPTIONS[option as keyof VariantOptions] ?? { flag: option }
      throw new TypeError(`option --${flag} does not apply to the ${name} strategy`)
    }
  }
}
