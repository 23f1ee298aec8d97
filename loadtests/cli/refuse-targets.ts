import { UsageError } from './command.js'

// Apart from run-targets.ts on purpose: main.ts checks this for every command, `authlab serve` too,
// and every server the lab starts would otherwise load the targets file's YAML parser and schema
// validator (ajv) first: 0.1-0.2 s more before each of the 30-odd servers of a default run listens
// (measured: 2.88-3.02 s against 2.96-3.13 s).

/** Why the other commands do not take --targets yet, and what to do instead. */
const NOT_YET: Readonly<Record<string, string>> = {
  revoke: 'it starts the replicas it revokes on',
  attack: 'it starts its servers; for one server you run: authlab attack --target URL --strategy NAME',
  soak: 'it starts its servers and reads their memory from /proc',
}

/** Only `authlab run` takes --targets so far: any other command refuses it with the reason. */
export function refuseTargets(command: string, argv: readonly string[]): void {
  if (command === 'run' || !argv.some((arg) => arg === '--targets' || arg.startsWith('--targets='))) return
  throw new UsageError(
    `--targets is taken by authlab run only${NOT_YET[command] ? `; ${command}: ${NOT_YET[command]}` : ''}`,
  )
}
