/**
 * The one option table of the stages' options (runner/stage.ts, StageOption): parseArgs' entries
 * and each value, for `authlab run` (every stage's) and for a stage's own command (its own).
 */
import type { Stage, StageOption } from '../runner/stage.js'
import { UsageError } from './command.js'

/** parseArgs' entries for these options: each takes a value. */
export const optionFlags = (options: readonly StageOption[]) =>
  Object.fromEntries(options.map((option) => [option.flag, { type: 'string' as const }]))

/** An option's value, parsed; undefined when it was not given. */
export function optionValue<Value>(
  option: StageOption<Value>,
  values: Readonly<Record<string, unknown>>,
): Value | undefined {
  const raw = values[option.flag]
  return typeof raw === 'string' ? option.parse(raw) : undefined
}

/** An option of a stage the run leaves out is refused, not silently dropped. */
export function refuseSkippedOptions(
  stages: readonly Stage[],
  skipped: readonly string[],
  values: Readonly<Record<string, unknown>>,
): void {
  for (const stage of stages.filter((candidate) => skipped.includes(candidate.name)))
    for (const option of stage.options ?? [])
      if (values[option.flag] !== undefined)
        throw new UsageError(`--${option.flag} sets the ${stage.name} stage, which --skip ${stage.name} leaves out`)
}
