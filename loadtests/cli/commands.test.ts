import { describe, expect, it } from 'vitest'
import type { Stage, StageCommand } from '../runner/stage.js'
import { LAB_STAGES } from '../stages.js'
import { allCommands, COMMANDS, loadCommand, stageCommands } from './commands.js'

const declared = (LAB_STAGES as readonly Stage[]).flatMap((stage) =>
  (stage.commands ?? []).map((command) => command.name),
)

describe('the single-stage commands', () => {
  it('are declared by their stages, and none is listed by hand', () => {
    expect(declared).toEqual(
      expect.arrayContaining(['profile', 'refusal', 'revoke', 'store-latency', 'store-outage', 'store-restart']),
    )
    expect(declared).toEqual(expect.arrayContaining(['failover', 'browser']))
    for (const name of declared) expect(Object.keys(COMMANDS)).not.toContain(name)
  })

  it('are found by name, and listed with every other command', async () => {
    for (const name of declared) expect((await loadCommand(name))?.name).toBe(name)
    expect(Object.keys(await allCommands())).toEqual(expect.arrayContaining([...declared, ...Object.keys(COMMANDS)]))
    expect(await loadCommand('toString')).toBeUndefined()
  })

  it('come from the list of stages: a stage added with a command of its own brings it', async () => {
    const seen: string[][] = []
    const toyCommand: StageCommand = {
      name: 'toy',
      summary: 'the toy stage alone',
      usage: 'authlab toy [--out DIR]',
      run: async (argv, alone) => {
        seen.push([...argv])
        return typeof alone === 'function' ? 0 : 1
      },
    }
    const toy = {
      name: 'toy',
      commands: [toyCommand],
      plan: () => ({ estimateSeconds: 0 }),
      run: async () => ({}),
      sections: [],
    }
    const commands = await stageCommands([...(LAB_STAGES as readonly Stage[]), toy])
    const command = await commands.toy?.()
    expect(command?.summary).toBe('the toy stage alone')
    await expect(command?.run(['--out', 'x'])).resolves.toBe(0)
    expect(seen).toEqual([['--out', 'x']])
  })
})
