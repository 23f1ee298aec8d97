import { isStrategy, strategyNames } from '../../servers/registry.js'
import { selectVariants, type VariantSpec } from '../runner/variants.js'
import { UsageError } from './command.js'

/**
 * `--strategies` and `--variants`, read the same way by every command: each command spreads these
 * into its parseArgs options, parses `spreadVariantArgs(argv)`, and reads the two with
 * `readVariantFlags`. What the variants then mean (added to the defaults, or exactly these) is the
 * command's own business.
 */
export const VARIANT_FLAGS = {
  strategies: { type: 'string', multiple: true },
  variants: { type: 'string', multiple: true },
} as const

/**
 * `--variants a b c` as `--variants a --variants b --variants c`: every word after `--variants` up
 * to the next option is a variant (a variant never starts with "-"). The flag repeated, and several
 * variants in one quoted word, mean the same.
 */
export function spreadVariantArgs(argv: readonly string[]): string[] {
  const spread: string[] = []
  let inVariants = false
  // A bare `--variants` with no word after it stays, for parseArgs to say its value is missing.
  let bare = false
  for (const [index, arg] of argv.entries()) {
    if (arg === '--' || arg.startsWith('-')) {
      if (bare) spread.push('--variants')
      inVariants = bare = arg === '--variants'
      if (arg === '--') {
        spread.push(...argv.slice(index)) // after `--`, positionals only, as parseArgs has it
        return spread
      }
      if (!inVariants) spread.push(arg)
      continue
    }
    bare = false
    spread.push(...(inVariants ? ['--variants', arg] : [arg]))
  }
  if (bare) spread.push('--variants')
  return spread
}

export interface VariantFlags {
  /** The strategy names given with --strategies, or undefined when the flag was not used. */
  readonly strategies: string[] | undefined
  /** The variant texts given with --variants (`jwt:alg=ES256`, `session`), in order. */
  readonly variants: string[]
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
}): VariantFlags {
  const variants = words(values.variants, /\s+/)
  if (values.strategies === undefined) return { strategies: undefined, variants }
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
  return { strategies: names, variants }
}

/** The commands that add variants to the defaults: `--strategies` picks from them, `--variants` adds, the baseline first. */
export function variantsFromFlags(
  values: Parameters<typeof readVariantFlags>[0],
  positionals: readonly string[] = [],
): VariantSpec[] {
  const { strategies, variants } = readVariantFlags(values)
  return selectVariants(strategies, [...variants, ...positionals])
}
