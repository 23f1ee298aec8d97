import type { StrategyName, VariantOptions } from '../../servers/core/strategy.js'
import {
  BASELINE,
  checkVariantOptions,
  isStrategy,
  optionsFromFlags,
  strategyNames,
  VARIANT_OPTIONS,
} from '../../servers/registry.js'

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

/** The baseline every ratio is taken against (the registry names it); always measured, whatever the user asks for. */
export const BASELINE_ID: string = BASELINE

/** The default set: each registered strategy once, with its default options (jwt HS256, session in Redis). */
export const defaultVariants = (): VariantSpec[] => strategyNames().map((strategy) => parseVariant(strategy))

type OptionName = keyof typeof VARIANT_OPTIONS
const OPTION_BY_FLAG = new Map<string, OptionName>(
  Object.entries(VARIANT_OPTIONS).map(([name, { flag }]) => [flag, name as OptionName]),
)

/**
 * A variant option's value as the servers take it, checked before anything starts: a listed value
 * whatever its case (`es256` is ES256), a cache TTL in ms or with its unit (`500ms`, `5s`). Other
 * options are checked by the server itself at start, and a server that refuses its options is
 * reported as failed.
 */
export function variantOptionValue(name: OptionName, raw: string, where: string): string {
  const option = VARIANT_OPTIONS[name]
  const allowed: readonly string[] | undefined = 'values' in option ? option.values : undefined
  if (allowed) {
    const value = allowed.find((candidate) => candidate.toLowerCase() === raw.toLowerCase())
    if (value === undefined) throw new TypeError(`${where} must be one of ${allowed.join(', ')}, got "${raw}"`)
    return value
  }
  if ('numeric' in option) {
    const match = /^(\d+)(ms|s)?$/.exec(raw.trim())
    if (!match) throw new TypeError(`${where} takes milliseconds, 0 or more (500, 500ms or 5s), got "${raw}"`)
    return String(Number(match[1]) * (match[2] === 's' ? 1000 : 1))
  }
  if (raw === '') throw new TypeError(`${where} needs a value`)
  return raw
}

/** `strategy[:flag=value[,flag=value]]`, e.g. `jwt:alg=ES256,revocation=denylist`, `apikey:cache-ttl=1000`. */
export function parseVariant(text: string): VariantSpec {
  const [strategy = '', rest] = text.split(':', 2)
  if (!isStrategy(strategy)) {
    throw new TypeError(
      `unknown strategy "${strategy}" in variant "${text}"; choose one of ${strategyNames().join(', ')}`,
    )
  }
  const flags: Record<string, string> = {}
  for (const pair of rest ? rest.split(',') : []) {
    const [flag = '', value = ''] = pair.split('=', 2)
    const name = OPTION_BY_FLAG.get(flag)
    if (!name)
      throw new TypeError(
        `unknown option "${flag}" in variant "${text}"; options are ${[...OPTION_BY_FLAG.keys()].join(', ')}`,
      )
    flags[flag] = variantOptionValue(name, value, `option ${flag} in variant "${text}"`)
  }
  const options = optionsFromFlags(flags)
  checkVariantOptions(strategy, options)
  // The id is rebuilt in a fixed order, so `jwt:revocation=denylist,alg=ES256` and its reverse
  // name the same variant.
  const keys = Object.keys(flags).sort()
  const id = keys.length ? `${strategy}:${keys.map((key) => `${key}=${flags[key]}`).join(',')}` : strategy
  return { id, strategy, options, flags }
}

/**
 * The variants to run: `--strategies` picks from the defaults, `--variants` adds more. The baseline
 * comes first and is added when missing, because without it there is no ratio to report.
 */
export function selectVariants(strategies: readonly string[] | undefined, extra: readonly string[]): VariantSpec[] {
  const picked = strategies ? strategies.map((name) => parseVariant(name)) : defaultVariants()
  const all = [parseVariant(BASELINE_ID), ...picked, ...extra.map((text) => parseVariant(text))]
  return all.filter((variant, index) => all.findIndex((other) => other.id === variant.id) === index)
}

/** The arguments `authlab serve` takes for this variant. */
export const serveFlags = (variant: VariantSpec): string[] =>
  Object.entries(variant.flags).flatMap(([flag, value]) => [`--${flag}`, value])
