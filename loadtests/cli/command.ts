/** One CLI command: `authlab <name> ...`. Every command has a --help built from `usage`. */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  /** Resolves with the process exit code. */
  run(argv: readonly string[]): Promise<number>
}

export { UsageError } from '../runner/option-values.js'

export const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h')
