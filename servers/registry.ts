import type { AuthStrategy, StrategyDeps, StrategyName, VariantOptions } from './core/strategy.js'
import { createApiKeyStrategy } from './apikey/apikey-strategy.js'
import { apiKeySecrets, jwtSecrets, pasetoSecrets, sessionSecrets, type SecretEnv } from './fresh-secrets.js'
import { createJwtStrategy, JWT_ALGORITHMS, JWT_KEY_FORMATS } from './jwt/jwt-strategy.js'
import { createNoneStrategy } from './none/none-strategy.js'
import { createPasetoStrategy } from './paseto/paseto-strategy.js'
import {
  createSessionStrategy,
  readSessionOptions,
  SESSION_COOKIE,
  SESSION_STORES,
} from './session/session-strategy.js'
import { readTokenOptions, REVOCATION_MODES, STORE_FAILURE_MODES } from './token/token-strategy.js'
import { INVALIDATION_MODES, parseCacheOptions } from './core/credential-cache.js'
import { SECRET_ENV, type SecretField } from './core/secret-env.js'

/**
 * The one list of strategies. The servers, the CLI and the whole harness (verification, load,
 * revocation, attacks, keys) learn from here what a strategy is called, what it takes and what it
 * needs; nothing outside `servers/<strategy>/` names a strategy. servers/README.md has the recipe
 * for adding one.
 */

/**
 * The variant options: the command-line flag of each (also used in variant ids such as
 * `jwt:alg=ES256`), its help text, the values the harness can check before starting a server, and
 * whether the server takes it as a number.
 */
export const VARIANT_OPTIONS = {
  alg: {
    flag: 'alg',
    help: `JWT signing algorithm: ${JWT_ALGORITHMS.join(', ')} (default HS256)`,
    values: JWT_ALGORITHMS,
  },
  keyFormat: {
    flag: 'key-format',
    help: `HS256 secret handed to jsonwebtoken as: ${JWT_KEY_FORMATS.join(' or ')} (default keyobject; string is THE ANTI-PATTERN, off by default, here to be measured)`,
    values: JWT_KEY_FORMATS,
  },
  revocation: {
    flag: 'revocation',
    help: `token revocation mode: ${REVOCATION_MODES.join(', ')} (default none)`,
    values: REVOCATION_MODES,
  },
  store: { flag: 'store', help: `session store: ${SESSION_STORES.join(', ')} (default redis)`, values: SESSION_STORES },
  cacheTtl: {
    flag: 'cache-ttl',
    help: 'in-process cache in front of Redis, in ms (default 0: none); tokens: denylist mode',
    numeric: true,
  },
  invalidation: {
    flag: 'invalidation',
    help: `with --cache-ttl: ${INVALIDATION_MODES.join(' or ')} (Redis pub/sub tells every replica)`,
  },
  storeFailure: {
    flag: 'store-failure',
    help: `with --revocation denylist, while Redis is down: ${STORE_FAILURE_MODES.join(' or ')} (default closed: 503; open serves without the denylist and lets revoked tokens in: INSECURE, here to be measured)`,
    values: STORE_FAILURE_MODES,
  },
} as const satisfies Record<
  keyof VariantOptions,
  { flag: string; help: string; values?: readonly string[]; numeric?: boolean }
>

/** What the revocation stage asks for: its cache TTLs, and whether to keep one variant per lesson. */
export interface RevocationPlan {
  readonly cacheTtlsMs: readonly number[]
  /** The quick profile: only the variants that teach something the others do not. */
  readonly compact: boolean
}

export interface StrategyEntry {
  readonly summary: string
  /** The variant options it takes (see VARIANT_OPTIONS); `authlab serve` refuses the others. */
  readonly options: readonly (keyof VariantOptions)[]
  /** Whether this variant needs Redis; when false the server never connects to it. */
  needsRedis(options: VariantOptions): boolean
  /**
   * Refuses options that do not go together (`--store-failure open` without a denylist), throwing
   * what create would: checkVariantOptions runs it before Redis is connected or a password hashed.
   */
  checkOptions?(options: VariantOptions): void
  create(options: VariantOptions, deps: StrategyDeps): AuthStrategy | Promise<AuthStrategy>
  /**
   * False only for a baseline that hands out no credential: the harness then skips the checks and
   * attacks that need a credential to refuse (a 401 without one, the generic attacks).
   */
  readonly authenticates: boolean
  /** The cookie that carries the credential, for a strategy whose login answers `token_type: Cookie`. */
  readonly cookieName?: string
  /**
   * The attack catalogues (loadtests/attacks/, by family) aimed at its credential, besides those on
   * every strategy that authenticates and those on the login: `['jwt']` runs the JWT catalogue
   * against it. None: only those.
   */
  readonly attacks?: readonly string[]
  /** The npm packages it authenticates with: their versions are kept with every result. */
  readonly libraries?: readonly string[]
  /**
   * The secrets it reads from the env, by the field each fills (their env names: SECRET_ENV), all
   * its variants together; freshSecrets sets some of them. None: it keeps no key of its own.
   */
  readonly secrets?: readonly SecretField[]
  /** Fresh secrets for its env (see fresh-secrets.ts); none when it keeps no key of its own. */
  freshSecrets?(options: VariantOptions): SecretEnv | Promise<SecretEnv>
  /**
   * The variants the revocation experiment runs, each as `authlab serve` flags in variant-id form
   * (`''` for the defaults, `revocation=denylist`, `cache-ttl=1000,invalidation=pubsub`). None: the
   * strategy has nothing to revoke.
   */
  revocationVariants?(plan: RevocationPlan): readonly string[]
  /**
   * Whether every protected read of this variant asks the store (a session, an API key, a denylist):
   * with the store down such a read must fail closed. The store experiments check it did.
   */
  checksStoreOnRead(options: VariantOptions): boolean
  /**
   * Whether a revoked credential of this variant keeps working until it expires (a stateless token
   * with no denylist): the revocation stage plans to wait that long.
   */
  livesUntilExpiry?(options: VariantOptions): boolean
  /**
   * Pairs of variants (in variant-id flag form, `''` for the defaults) that do identical work on the
   * hot read (GET /api/me): the harness's control pairs. They must measure alike; when they do not,
   * the run reports its measurement unreliable before any number.
   */
  readonly identicalWork?: readonly (readonly [string, string])[]
}

const CACHE = ['cacheTtl', 'invalidation'] as const
/** A token's own signature is all a verifier checks, unless a denylist is asked first (refresh: the access token lives on). */
const statelessUnlessDenylist = (options: VariantOptions) => options.revocation !== 'denylist'
const asksDenylist = (options: VariantOptions) => options.revocation === 'denylist'

/** `base` with each cache TTL, and with the first TTL again under pub/sub invalidation. */
function withCaches(base: string, cacheTtlsMs: readonly number[]): string[] {
  const flags = (extra: string) => [base, extra].filter(Boolean).join(',')
  return [
    ...cacheTtlsMs.map((ttl) => flags(`cache-ttl=${ttl}`)),
    ...cacheTtlsMs.slice(0, 1).map((ttl) => flags(`cache-ttl=${ttl},invalidation=pubsub`)),
  ]
}

const BUILT_IN: Readonly<Record<StrategyName, StrategyEntry>> = {
  none: {
    summary: 'no authentication: the baseline every other strategy is compared with',
    options: [],
    needsRedis: () => false,
    create: (_options, deps) => createNoneStrategy(deps),
    authenticates: false,
    checksStoreOnRead: () => false,
  },
  jwt: {
    summary: 'JSON Web Tokens (jsonwebtoken), Authorization: Bearer',
    options: ['alg', 'keyFormat', 'revocation', 'storeFailure', ...CACHE],
    // Even in `none` mode: the failed-login counters live in Redis so that replicas share them.
    needsRedis: () => true,
    checkOptions: readTokenOptions,
    create: createJwtStrategy,
    authenticates: true,
    attacks: ['jwt'],
    libraries: ['jsonwebtoken'],
    checksStoreOnRead: asksDenylist,
    // HS256 takes the secret; RS256 and ES256 the private key.
    secrets: ['jwtSecret', 'jwtPrivateKey'],
    freshSecrets: jwtSecrets,
    // Compact: a token nobody can revoke, and a denylist.
    revocationVariants: ({ cacheTtlsMs, compact }) =>
      compact
        ? ['', 'revocation=denylist']
        : ['', 'revocation=denylist', 'revocation=refresh', ...withCaches('revocation=denylist', cacheTtlsMs)],
    livesUntilExpiry: statelessUnlessDenylist,
    // Refresh mode verifies the same short access token the same way; only /auth/refresh touches Redis.
    identicalWork: [['', 'revocation=refresh']],
  },
  session: {
    summary: 'server-side sessions (express-session + connect-redis), signed cookie',
    options: ['store', ...CACHE],
    needsRedis: (options) => options.store !== 'memory',
    checkOptions: readSessionOptions,
    create: createSessionStrategy,
    authenticates: true,
    attacks: ['session'],
    libraries: ['express-session', 'connect-redis'],
    checksStoreOnRead: (options) => options.store !== 'memory',
    // `__Host-authlab.sid` (SECURE_SESSION_COOKIE) with AUTHLAB_SECURE_COOKIES=true, which needs the
    // TLS the harness does not use; over plain HTTP it is always this one.
    cookieName: SESSION_COOKIE,
    secrets: ['sessionSecrets'],
    freshSecrets: sessionSecrets,
    // Compact: a server-side session, and a cache that hears nothing of a revoke.
    revocationVariants: ({ cacheTtlsMs, compact }) =>
      compact
        ? ['', ...cacheTtlsMs.slice(0, 1).map((ttl) => `cache-ttl=${ttl}`)]
        : ['', ...withCaches('', cacheTtlsMs)],
  },
  apikey: {
    summary: 'random API keys, stored as SHA-256 hashes in Redis, X-API-Key header',
    options: [...CACHE],
    needsRedis: () => true,
    checkOptions: (options) => parseCacheOptions(options.cacheTtl, options.invalidation),
    create: createApiKeyStrategy,
    authenticates: true,
    attacks: ['apikey'],
    checksStoreOnRead: () => true,
    secrets: ['apiKeySecrets'],
    freshSecrets: apiKeySecrets,
    revocationVariants: ({ cacheTtlsMs, compact }) => (compact ? [''] : ['', ...withCaches('', cacheTtlsMs)]),
  },
  paseto: {
    summary: 'PASETO v4.public tokens (Ed25519), Authorization: Bearer',
    options: ['revocation', 'storeFailure', ...CACHE],
    needsRedis: () => true,
    checkOptions: readTokenOptions,
    create: createPasetoStrategy,
    authenticates: true,
    attacks: ['paseto'],
    libraries: ['paseto'],
    checksStoreOnRead: asksDenylist,
    secrets: ['pasetoSecretKey'],
    freshSecrets: pasetoSecrets,
    revocationVariants: ({ compact }) => (compact ? [''] : ['', 'revocation=denylist', 'revocation=refresh']),
    livesUntilExpiry: statelessUnlessDenylist,
    identicalWork: [['', 'revocation=refresh']],
  },
}

const registry = new Map<StrategyName, StrategyEntry>(Object.entries(BUILT_IN))

/** The baseline: the same routes with no authentication, which every ratio is measured against. */
export const BASELINE: StrategyName = 'none'

/** The registered strategies, in the order they were registered (the baseline first). */
export const strategyNames = (): StrategyName[] => [...registry.keys()]

export const isStrategy = (name: string): boolean => registry.has(name)

export function strategyEntry(name: StrategyName): StrategyEntry {
  const entry = registry.get(name)
  if (!entry) throw new TypeError(`unknown strategy "${name}"; choose one of ${strategyNames().join(', ')}`)
  return entry
}

/**
 * Adds a strategy at run time, the way a test (or a fork trying a sixth strategy) plugs one in
 * without editing this file. Returns the function that removes it again.
 */
export function registerStrategy(name: StrategyName, entry: StrategyEntry): () => void {
  // The name goes into variant ids (`name:flag=value`), Redis key prefixes and file names.
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new TypeError(`strategy names are lower-case kebab-case, got "${name}"`)
  if (registry.has(name)) throw new TypeError(`strategy "${name}" is registered already`)
  registry.set(name, entry)
  return () => void registry.delete(name)
}

/**
 * The identical-work pairs of the given strategies (every strategy by default), as full variant ids
 * (`jwt`, `jwt:revocation=refresh`), in registry order: the first is the run's control pair.
 */
export const identicalWorkPairs = (strategies: readonly string[] = strategyNames()): [string, string][] =>
  strategyNames()
    .filter((name) => strategies.includes(name))
    .flatMap((name) =>
      (strategyEntry(name).identicalWork ?? []).map(
        (pair) => pair.map((flags) => (flags ? `${name}:${flags}` : name)) as [string, string],
      ),
    )

/** Every registered strategy's libraries, once each, in the order the strategies were registered. */
export const strategyLibraries = (): string[] => [
  ...new Set([...registry.values()].flatMap((entry) => entry.libraries ?? [])),
]

/** Whether the strategy hands out a credential the harness can test refusals with. */
export const authenticates = (name: StrategyName): boolean => strategyEntry(name).authenticates

/** The attack families aimed at the strategy's credential (StrategyEntry.attacks). */
export const attackFamiliesOf = (name: StrategyName): readonly string[] => strategyEntry(name).attacks ?? []

/** Every strategy's credential cookie: what a client sends back after a `token_type: Cookie` login. */
export const credentialCookieNames = (): string[] =>
  strategyNames().flatMap((name) => strategyEntry(name).cookieName ?? [])

/** A secret's env variable, and what it holds. */
export interface SecretVariable {
  readonly name: string
  readonly what: string
}

/** The env variables of the strategy's secrets (StrategyEntry.secrets), with what each holds. */
export const secretVariablesOf = (name: StrategyName): SecretVariable[] =>
  (strategyEntry(name).secrets ?? []).map((field) => SECRET_ENV[field])

/** Every registered strategy's secret variables, once each, in the order the strategies were registered. */
export const secretVariables = (): SecretVariable[] => [...new Set(strategyNames().flatMap(secretVariablesOf))]

/** The strategies' fresh secrets for one variant (empty when it keeps no key). */
export const freshSecretsFor = async (name: StrategyName, options: VariantOptions): Promise<SecretEnv> =>
  (await strategyEntry(name).freshSecrets?.(options)) ?? {}

export function checkVariantOptions(name: StrategyName, options: VariantOptions): void {
  const entry = strategyEntry(name)
  for (const [option, value] of Object.entries(options)) {
    if (value !== undefined && !entry.options.includes(option as keyof VariantOptions)) {
      const { flag } = VARIANT_OPTIONS[option as keyof VariantOptions] ?? { flag: option }
      throw new TypeError(`option --${flag} does not apply to the ${name} strategy`)
    }
    // Values known here are checked before anything starts (the strategy checks the rest as it is built).
    const spec: { flag: string; values?: readonly string[] } | undefined =
      VARIANT_OPTIONS[option as keyof VariantOptions]
    if (value !== undefined && spec?.values && !spec.values.includes(String(value))) {
      throw new TypeError(`--${spec.flag} must be one of ${spec.values.join(', ')}, got "${value}"`)
    }
  }
  entry.checkOptions?.(options)
}

/** `authlab serve` flag values (`{ 'cache-ttl': '1000' }`) as the options a strategy takes. */
export function optionsFromFlags(flags: Readonly<Record<string, string | undefined>>): VariantOptions {
  const options: Record<string, string | number> = {}
  for (const [name, { flag, ...spec }] of Object.entries(VARIANT_OPTIONS)) {
    const value = flags[flag]
    if (value !== undefined) options[name] = 'numeric' in spec ? Number(value) : value
  }
  return options
}
