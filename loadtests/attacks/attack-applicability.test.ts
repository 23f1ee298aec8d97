import { afterAll, describe, expect, it } from 'vitest'
import { registerStrategy, strategyEntry } from '../../servers/registry.js'
import { parseVariant } from '../runner/variants.js'
import { applies } from './attack-entry.js'
import { CATALOGUE } from './catalogue.js'

const selected = (id: string) => CATALOGUE.filter((entry) => applies(entry, parseVariant(id))).map((entry) => entry.id)

// A second JWT strategy, registered with the JWT catalogue: the registry alone says which attacks it gets.
const unregister = [
  registerStrategy('jwt-again', { ...strategyEntry('jwt'), attacks: ['jwt'] }),
  registerStrategy('jwt-unlisted', { ...strategyEntry('jwt'), attacks: [] }),
]
afterAll(() => unregister.forEach((undo) => undo()))

describe('which attacks apply to a strategy', () => {
  it("comes from the registry: a strategy that names a catalogue gets it, each entry's condition on the options kept", () => {
    for (const options of ['', ':alg=ES256', ':revocation=denylist', ':revocation=refresh'])
      expect(selected(`jwt-again${options}`), options).toEqual(selected(`jwt${options}`))
    // The condition still decides within the family: the refresh replay only in refresh mode.
    expect(selected('jwt-again:revocation=refresh')).toContain('jwt-refresh-replay')
    expect(selected('jwt-again')).not.toContain('jwt-refresh-replay')
  })

  it('a strategy that names none gets only the attacks on every strategy and on the login', () => {
    const generic = CATALOGUE.filter((entry) => entry.family === 'all' || entry.family === 'login').map(
      (entry) => entry.id,
    )
    expect(selected('jwt-unlisted')).toEqual(generic)
    expect(selected('jwt').length).toBeGreaterThan(generic.length)
  })
})
