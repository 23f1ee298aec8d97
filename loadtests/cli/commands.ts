import type { RunAlone, Stage, StageCommand } from '../runner/stage.js'
import type { Command } from './command.js'
import { formatHelp } from './help-text.js'

type Loader = () => Promise<Command>

/**
 * The commands that are not one stage run alone, each loaded when it runs: loading them all (a
 * browser driver, the load generator, the report) took seconds, and `authlab serve` that must
 * refuse a bad start should do so at once.
 */
export const COMMANDS: Readonly<Record<string, Loader>> = {
  serve: async () => (await import('./serve-command.js')).serveCommand,
  keys: async () => (await import('./keys-command.js')).keysCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  // The catalogue alone, or against a running server (--target): not only its stage.
  attack: async () => (await import('./attack-command.js')).attackCommand,
  soak: async () => (await import('./soak-command.js')).soakCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  compare: async () => (await import('./compare-command.js')).compareCommand,
  guide: async () => (await import('./guide-command.js')).guideCommand,
  adr: async () => (await import('./adr-command.js')).adrCommand,
}

/**
 * The single-stage commands, built from the list of stages: each stage declares its own
 * (runner/stage.ts, StageCommand), and gets the run machinery it cannot import (cli/stage-alone.ts).
 * Loaded only for a name that is not one of COMMANDS. `stages`: another list (a test adds a toy).
 */
export async function stageCommands(stages?: readonly Stage[]): Promise<Readonly<Record<string, Loader>>> {
  const [{ LAB_STAGES }, { runStageAlone }] = await Promise.all([import('../stages.js'), import('./stage-alone.js')])
  const declared = (stages ?? (LAB_STAGES as readonly Stage[])).flatMap((stage) => stage.commands ?? [])
  return Object.fromEntries(declared.map((command) => [command.name, async () => commandOf(command, runStageAlone)]))
}

/** A stage's command as a CLI command: run with the run machinery. */
export const commandOf = (command: StageCommand, alone: RunAlone): Command => ({
  name: command.name,
  summary: command.summary,
  usage: command.usage,
  run: (argv) => command.run(argv, alone),
})

/** Every command, by name: the lab's run first, then the stages' own, then the rest. */
export async function allCommands(): Promise<Readonly<Record<string, Loader>>> {
  const { serve, keys, run, ...rest } = COMMANDS as Record<string, Loader>
  return { serve, keys, run, ...(await stageCommands()), ...rest } as Record<string, Loader>
}

/** The command `name`, or undefined when there is none. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  const found = (commands: Readonly<Record<string, Loader>>) =>
    Object.hasOwn(commands, name) ? commands[name] : undefined
  return (found(COMMANDS) ?? found(await stageCommands()))?.()
}

export async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(await allCommands()).map((load) => load()))
  const width = Math.max(...commands.map((command) => command.name.length))
  return formatHelp(`authlab: sessions or JWTs (or API keys, or PASETO)? Measured, not argued.

Usage: authlab <command> [options]     (authlab <command> --help for its options)

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}`)
}
