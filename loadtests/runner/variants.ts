import { STRATEGY_NAMES, type StrategyName, type VariantOptions } from '../../servers/core/strategy.js'
import { JWT_ALGORITHMS, JWT_KEY_FORMATS } from '../../servers/jwt/jwt-strategy.js'
import { checkVariantOptions, VARIANT_OPTIONS } from '../../servers/registry.js'
import { SESSION_STORES } from '../../servers/session/session-strategy.js'
import { REVOCATION_MODES } from '../../servers/token/token-strategy.js'

/** One server configuration to measure: a strategy plus the options it is started with. */
export interface VariantSpec {
  /** Stable name used in results and tables: `jwt`, `jwt:alg=ES256`, `session:store=memory`. */
  readonly id: string
  readonly strategy: StrategyName
  /** For in-process use (createLabServer). */
  readonly options: VariantOptions
  /** The same as `authlab serve` flags, for the server process. */
  readonly flags: Readonly<Record<string, string>>
}

/** The baseline every ratio is taken against; always measured, whatever the user asks for. */
export const BASELINE_ID = 'none'

/** The default set: each strategy once, with its default options (jwt HS256, session in Redis). */
export const DEFAULT_VARIANTS = STRATEGY_NAMES.map((strategy) => parseVariant(strategy))

// Values the lab can check before starting anything; other options are checked by the server itself
// at start, and a server that refuses its options is reported as failed.
const ALLOWED_VALUES: Partial<Record<keyof VariantOptions, readonly string[]>> = {
  alg: JWT_ALGORITHMS,
  keyFormat: JWT_KEY_FORMATS,
  revocation: REVOCATION_MODES,
  store: SESSION_STORES,
}
// Options the server takes as numbers (the CLI flag carries them as text).
const NUMERIC_OPTIONS: readonly (keyof VariantOptions)[] = ['cacheTtl']

type OptionName = keyof typeof VARIANT_OPTIONS
const OPTION_BY_FLAG = new Map<string, OptionName>(
  Object.entries(VARIANT_OPTIONS).map(([name, { flag }]) => [flag, name as OptionName]),
)

/** `strategy[:flag=value[,flag=value]]`, e.g. `jwt:alg=ES256,revocation=denylist`, `apikey:cache-ttl=1000`. */
export function parseVariant(text: string): VariantSpec {
  const [strategy = '', rest] = text.split(':', 2)
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw new TypeError(
      `unknown strategy "${strategy}" in variant "${text}"; choose one of ${STRATEGY_NAMES.join(', ')}`,
    )
  }
  const options: Record<string, string | number> = {}
  const flags: Record<string, string> = {}
  for (const pair of rest ? rest.split(',') : []) {
    const [flag = '', value = ''] = pair.split('=', 2)
    const name = OPTION_BY_FLAG.get(flag)
    if (!name)
      throw new TypeError(
        `unknown option "${flag}" in variant "${text}"; options are ${[...OPTION_BY_FLAG.keys()].join(', ')}`,
      )
    const allowed = ALLOWED_VALUES[name]
    if (value === '' || (allowed && !allowed.includes(value))) {
      throw new TypeError(
        `option ${flag} in variant "${text}" needs a value${allowed ? `: one of ${allowed.join(', ')}` : ''}`,
      )
    }
    options[name] = NUMERIC_OPTIONS.includes(name) ? Number(value) : value
    flags[flag] = value
  }
  checkVariantOptions(strategy as StrategyName, options)
  // The id is rebuilt in a fixed order, so `jwt:revocation=denylist,alg=ES256` and its reverse
  // name the same variant.
  const keys = Object.keys(flags).sort()
  const id = keys.length ? `${strategy}:${keys.map((key) => `${key}=${flags[key]}`).join(',')}` : strategy
  return { id, strategy: strategy as StrategyName, options, flags }
}

/**
 * The variants to run: `--strategies` picks from the defaults, `--variants` adds more. The baseline
 * comes first and is added when missing, because without it there is no ratio to report.
 */
export function selectVariants(strategies: readonly string[] | undefined, extra: readonly string[]): VariantSpec[] {
  const picked = strategies ? strategies.map((name) => parseVariant(name)) : DEFAULT_VARIANTS
  const all = [parseVariant(BASELINE_ID), ...picked, ...extra.map((text) => parseVariant(text))]
  return all.filter((variant, index) => all.findIndex((other) => other.id === variant.id) === index)
}

/** The arguments `authlab serve` takes for this variant. */
export const serveFlags = (variant: VariantSpec): string[] =>
  Object.entries(variant.flags).flatMap(([flag, value]) => [`--${flag}`, value])
