/**
 * The one option table of the stages' options (runner/stage.ts, StageOption): parseArgs' entries,
 * each value applied to its stage's config, the help rows and the refusal of an option whose stage
 * the run leaves out, for `authlab run` (every stage's options) and for a stage's own command (its own).
 */
import type { Stage, StageOption } from './stage.js'
import { UsageError } from './option-values.js'

/** parseArgs' entries for these options: each takes a value. */
export const optionFlags = (options: readonly StageOption[]) =>
  Object.fromEntries(options.map((option) => [option.flag, { type: 'string' as const }]))

/** The config with every option given on the command line applied to it, in the options' order. */
export function applyOptions<Config>(
  options: readonly StageOption<Config>[],
  config: Config,
  values: Readonly<Record<string, unknown>>,
): Config {
  return options.reduce((applied, option) => {
    const raw = values[option.flag]
    return typeof raw === 'string' ? option.apply(applied, raw) : applied
  }, config)
}

/** Help rows (`  --flag VALUE  what it sets (default ...)`), the description at `column`. */
export const optionRows = (options: readonly StageOption[], where: 'run' | 'alone', column: number): string =>
  options
    .map((option) => `  ${`--${option.flag} ${option.value}`.padEnd(column - 4)}  ${option.help(where)}`)
    .join('\n')

/**
 * An option of a stage the run leaves out is refused, not silently dropped. `why` names what left
 * the stage out (default: `--skip <stage>`).
 */
export function refuseSkippedOptions(
  stages: readonly Stage[],
  skipped: readonly string[],
  values: Readonly<Record<string, unknown>>,
  why: (stage: string) => string = (stage) => `--skip ${stage}`,
): void {
  for (const stage of stages.filter((candidate) => skipped.includes(candidate.name)))
    for (const option of stage.options ?? [])
      if (values[option.flag] !== undefined)
        throw new UsageError(`--${option.flag} sets the ${stage.name} stage, which ${why(stage.name)} leaves out`)
}
