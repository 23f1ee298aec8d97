import { describe, expect, it } from 'vitest'
import type { Progress } from './progress.js'
import { prepareTargets } from './prepare-targets.js'

describe('prepareTargets', () => {
  it('says nothing of starting servers when a stage alone has none to start (authlab browser, revoke, …)', async () => {
    const said: string[] = []
    const progress: Progress = {
      plan() {},
      step: (label) => void said.push(label),
      note: (message) => void said.push(message),
      end() {},
    }
    const prepared = await prepareTargets(
      [],
      () => {
        throw new Error('no server is started, so no environment is asked for')
      },
      progress,
    )
    expect(said).toEqual([])
    expect(prepared.targets).toEqual([])
    await prepared.stopAll()
  })
})
