import { isStrategy, strategyNames } from '../../servers/registry.js'
import { BASELINE_ID, parseVariant, type VariantSpec } from '../runner/variants.js'
import { UsageError } from './option-values.js'

/**
 * `--strategies`, `--variants` and `--only`, read the same way by every command: each command spreads
 * these into its parseArgs options, parses `spreadVariantArgs(argv)`, and picks its variants with
 * `chooseVariants`. One grammar (issue 31): `--strategies` picks from the command's default set,
 * `--variants` always adds to it, `--only` replaces it.
 */
export const VARIANT_FLAGS = {
  strategies: { type: 'string', multiple: true },
  variants: { type: 'string', multiple: true },
  only: { type: 'string', multiple: true },
} as const

/** The flags followed by a list of variants, each word one variant. */
const LIST_FLAGS = ['--variants', '--only']

/**
 * `--variants a b c` as `--variants a --variants b --variants c`: every word after `--variants` up
 * to the next option is a variant (a variant never starts with "-"). The flag repeated, and several
 * variants in one quoted word, mean the same.
 */
export function spreadVariantArgs(argv: readonly string[]): string[] {
  const spread: string[] = []
  let inList: string | undefined
  // A bare `--variants` with no word after it stays, for parseArgs to say its value is missing.
  let bare: string | undefined
  for (const [index, arg] of argv.entries()) {
    if (arg === '--' || arg.startsWith('-')) {
      if (bare) spread.push(bare)
      inList = bare = LIST_FLAGS.includes(arg) ? arg : undefined
      if (arg === '--') {
        spread.push(...argv.slice(index)) // after `--`, positionals only, as parseArgs has it
        return spread
      }
      if (!inList) spread.push(arg)
      continue
    }
    bare = undefined
    spread.push(...(inList ? [inList, arg] : [arg]))
  }
  if (bare) spread.push(bare)
  return spread
}

export interface VariantFlags {
  /** The strategy names given with --strategies, or undefined when the flag was not used. */
  readonly strategies: string[] | undefined
  /** The variant texts given with --variants (`jwt:alg=ES256`, `session`), in order. */
  readonly variants: string[]
  /** The variant texts given with --only, or undefined when the flag was not used. */
  readonly only: string[] | undefined
}

const words = (values: readonly string[] | undefined, separator: RegExp) =>
  (values ?? [])
    .flatMap((value) => value.split(separator))
    .map((word) => word.trim())
    .filter(Boolean)

/**
 * The two flags' values: `--strategies a,b` (or repeated) as names, every one checked, and a variant
 * written there (`jwt:revocation=denylist`) refused with the line that would work.
 */
export function readVariantFlags(values: {
  readonly strategies?: readonly string[] | undefined
  readonly variants?: readonly string[] | undefined
  readonly only?: readonly string[] | undefined
}): VariantFlags {
  const variants = words(values.variants, /\s+/)
  const only = values.only === undefined ? undefined : words(values.only, /\s+/)
  if (only !== undefined && values.strategies !== undefined)
    throw new UsageError(
      '--only (or variants given bare) replaces the default set, and --strategies picks from it: use one of them',
    )
  if (values.strategies === undefined) return { strategies: undefined, variants, only }
  const names = words(values.strategies, /,/)
  // A variant's options are separated by commas too, so whatever follows the first `strategy:` is it.
  const firstVariant = names.findIndex((name) => name.includes(':') || name.includes('='))
  if (firstVariant >= 0) {
    const variant = names.slice(firstVariant).join(',')
    const rest = names.slice(0, firstVariant)
    const suggestion = [rest.length > 0 && `--strategies ${rest.join(',')}`, `--variants ${variant}`]
      .filter(Boolean)
      .join(' ')
    throw new UsageError(
      `--strategies takes strategy names only (${strategyNames().join(', ')}); "${variant}" is a variant: ${suggestion}`,
    )
  }
  const unknown = names.find((name) => !isStrategy(name))
  if (unknown !== undefined) {
    throw new UsageError(
      `--strategies: unknown strategy "${unknown}"; choose from ${strategyNames().join(', ')} (variants such as jwt:alg=ES256 go in --variants)`,
    )
  }
  return { strategies: names, variants, only }
}

const unique = (list: readonly VariantSpec[]) =>
  list.filter((variant, index) => list.findIndex((other) => other.id === variant.id) === index)

/**
 * The variants a command runs: its default set (`defaults`, given the `--strategies` picked, or
 * undefined), or `--only`'s instead; then `--variants` added. Ids are canonical (parseVariant), so a
 * variant written twice in another option order is run once.
 */
export function chooseVariants(
  values: Parameters<typeof readVariantFlags>[0],
  defaults: (strategies: readonly string[] | undefined) => readonly VariantSpec[],
): VariantSpec[] {
  const { strategies, variants, only } = readVariantFlags(values)
  const base = only ? only.map((text) => parseVariant(text)) : defaults(strategies)
  return unique([...base, ...variants.map((text) => parseVariant(text))])
}

/**
 * The commands that load every variant against the baseline: `--strategies` picks from the
 * strategies (default all), `--variants` adds, `--only` replaces; the baseline first, always.
 */
export function variantsFromFlags(values: Parameters<typeof readVariantFlags>[0]): VariantSpec[] {
  const chosen = chooseVariants(values, (strategies) =>
    (strategies ?? strategyNames()).map((name) => parseVariant(name)),
  )
  return unique([parseVariant(BASELINE_ID), ...chosen])
}

/** Variants written bare, with no flag (`authlab revoke session:cache-ttl=5000`): exactly these, as with --only. */
export function bareAsOnly<T extends { readonly only?: readonly string[] | undefined }>(
  values: T,
  positionals: readonly string[],
): T {
  return positionals.length ? { ...values, only: [...(values.only ?? []), ...positionals] } : values
}
