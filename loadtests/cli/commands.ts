import type { Command } from './command.js'
import { formatHelp } from './help-text.js'

/**
 * Each command is loaded when it runs: loading them all (a browser driver, the load generator, the
 * report) took seconds, and `authlab serve` that must refuse a bad start should do so at once.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./serve-command.js')).serveCommand,
  keys: async () => (await import('./keys-command.js')).keysCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  revoke: async () => (await import('./revoke-command.js')).revokeCommand,
  attack: async () => (await import('./attack-command.js')).attackCommand,
  browser: async () => (await import('./browser-command.js')).browserCommand,
  soak: async () => (await import('./soak-command.js')).soakCommand,
  'store-latency': async () => (await import('./store-commands.js')).storeLatencyCommand,
  'store-outage': async () => (await import('./store-commands.js')).storeOutageCommand,
  'store-restart': async () => (await import('./store-commands.js')).storeRestartCommand,
  failover: async () => (await import('./failover-command.js')).failoverCommand,
  profile: async () => (await import('./profile-command.js')).profileCommand,
  refusal: async () => (await import('./refusal-command.js')).refusalCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  compare: async () => (await import('./compare-command.js')).compareCommand,
  guide: async () => (await import('./guide-command.js')).guideCommand,
  adr: async () => (await import('./adr-command.js')).adrCommand,
}

export async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()))
  const width = Math.max(...commands.map((command) => command.name.length))
  return formatHelp(`authlab: sessions or JWTs (or API keys, or PASETO)? Measured, not argued.

Usage: authlab <command> [options]     (authlab <command> --help for its options)

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}`)
}
