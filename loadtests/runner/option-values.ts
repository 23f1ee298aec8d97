/**
 * Option values with units (issue 31: `--cache-ttl` was ms and `--token-ttl` s, with nothing to say
 * so). A bare number is in the option's own unit, which its help names; a suffix says another:
 * `500ms`, `5s`, `2m`.
 */

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** `--name N`: a positive number (whole with `integer`); undefined when the flag was not given. */
export function positive(name: string, raw: string, integer: boolean): number
export function positive(name: string, raw: string | undefined, integer: boolean): number | undefined
export function positive(name: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, got "${raw}"`)
  }
  return value
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const
type Unit = 's' | 'ms'

/**
 * `raw` in `unit`: `--cache-ttl 5s` is 5000 (ms), `--token-ttl 2m` is 120 (s). `whole` refuses a
 * value that is not a whole number of `unit`; `min` is the least accepted.
 */
export function parseDuration(name: string, raw: string, unit: Unit, { whole = true, min = 0 } = {}): number {
  const match = /^(-?\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(raw.trim())
  const explain = `a duration in ${unit === 's' ? 'seconds' : 'milliseconds'}${min > 0 ? ` of at least ${min}` : ' (0 or more)'}, such as ${unit === 's' ? '5, 5s or 2m' : '500, 500ms or 5s'}`
  if (!match) throw new UsageError(`${name} takes ${explain}; got "${raw}"`)
  const ms = Number(match[1]) * UNIT_MS[(match[2] ?? unit) as keyof typeof UNIT_MS]
  const value = ms / UNIT_MS[unit]
  if (value < min) throw new UsageError(`${name} takes ${explain}; got "${raw}"`)
  if (whole && !Number.isInteger(value))
    throw new UsageError(
      `${name} takes whole ${unit === 's' ? 'seconds' : 'milliseconds'}; "${raw}" is ${value} ${unit}`,
    )
  return value
}

/**
 * A stage option's default as its help row says it: in `authlab run`, the compact size's (and the
 * full size's, with `--full`, where it differs); in the stage's own command, the full size's.
 */
export const sizedDefault = (where: 'run' | 'alone', compact: string | number, full: string | number): string =>
  where === 'run' && String(compact) !== String(full) ? `${compact}, --full ${full}` : `${full}`

/** A comma-separated list, blanks dropped. */
export const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)

/** A comma-separated list of named values (`--modes kill,stall`), each one of `allowed`. */
export function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined
  const picked = list(raw)
  const wrong = picked.find((value) => !(allowed as readonly string[]).includes(value))
  if (wrong || picked.length === 0) throw new UsageError(`--${flag} takes ${allowed.join(', ')}, got "${raw}"`)
  return picked as T[]
}

/**
 * A value that parseArgs would read as an option (`--cache-ttl -5`: "ambiguous") joined to its flag
 * (`--cache-ttl=-5`), so that the option's own check says what is wrong with it.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = []
  for (const arg of argv) {
    const previous = joined.at(-1)
    if (/^-\d/.test(arg) && previous?.startsWith('--') && !previous.includes('='))
      joined[joined.length - 1] = `${previous}=${arg}`
    else joined.push(arg)
  }
  return joined
}

/** Node's parseArgs messages, said plainly (its unknown-option text ends on an unbalanced quote). */
export function plainParseError(error: { code?: string; message: string }): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message)
  if (unknown) return `unknown option ${unknown[1]}`
  const missing = /^Option '(-[^ ']+)[^']*' argument missing/.exec(error.message)
  if (missing) return `${missing[1]} needs a value`
  const noValue = /^Option '(-[^ ']+)[^']*' does not take an argument/.exec(error.message)
  if (noValue) return `${noValue[1]} takes no value`
  const positional = /^Unexpected argument '([^']+)'/.exec(error.message)
  if (positional) return `unexpected argument "${positional[1]}"`
  return error.message
}

/**
 * Flags a command no longer takes, refused with the one to write instead (issue 31: `--seconds` was
 * profiled time in one command and the outage in another). Parsing would only say "unknown option".
 */
export function refuseOldFlags(argv: readonly string[], replacements: Readonly<Record<string, string>>): void {
  for (const arg of argv) {
    if (arg === '--') return
    const flag = arg.split('=')[0] ?? arg
    const replacement = Object.hasOwn(replacements, flag) ? replacements[flag] : undefined
    if (replacement) throw new UsageError(`${flag} is no longer an option: write ${replacement}`)
  }
}
