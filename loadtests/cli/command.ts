/** One CLI command: `authlab <name> ...`. Every command has a --help built from `usage`. */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  /** Resolves with the process exit code. */
  run(argv: readonly string[]): Promise<number>
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

export const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h')
