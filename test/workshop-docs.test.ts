import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

/** The teaching material (issue 29): a handout, answers for every question, commands that finish fast. */
const workshop = await readFile('docs/workshop.md', 'utf8')
const exercises = await readFile('docs/exercises.md', 'utf8')
const handout = await readFile('docs/handout.md', 'utf8')
const facilitator = workshop.slice(workshop.indexOf('## Facilitator section'))

describe('the workshop material', () => {
  it('has a one-page handout with the glossary', () => {
    expect(handout.split('\n').length).toBeLessThanOrEqual(60)
    for (const term of ['jti', 'denylist', 'refresh family', 'fail closed', 'riding', 'IQR', 'interval'])
      expect(handout).toMatch(new RegExp(`^- \\*\\*${term}\\*\\*: `, 'm'))
    expect(workshop).toContain('(handout.md)')
  })

  it('answers every discussion question in the facilitator section', () => {
    const questions = workshop
      .slice(workshop.indexOf('## Discussion questions'), workshop.indexOf('## Facilitator section'))
      .match(/^\d+\. /gm)
    expect(questions?.length).toBeGreaterThan(0)
    for (const [index] of (questions ?? []).entries())
      expect(facilitator).toMatch(new RegExp(`^- \\*\\*Discussion ${index + 1}\\.\\*\\*`, 'm'))
  })

  it('answers every exercise\'s "Then:" question', () => {
    const numbers = [...exercises.matchAll(/^## (\d+)\. /gm)].map((match) => match[1])
    expect(numbers.length).toBe((exercises.match(/^\*Then:\*/gm) ?? []).length)
    const answers = facilitator.slice(facilitator.indexOf('### Answers to the *Then:* questions'))
    for (const number of numbers) expect(answers).toMatch(new RegExp(`^- \\*\\*${number}\\.\\*\\* `, 'm'))
  })

  it('has every "Then:" lab run use --quick', () => {
    const runs = [...exercises.matchAll(/`npx authlab run[^`]*`/g)].map((match) => match[0])
    expect(runs.length).toBeGreaterThan(0)
    for (const command of runs) expect(command).toContain('--quick')
  })

  it('promises no stage that is already there, and says one session cookie size', () => {
    expect(workshop).not.toMatch(/will be added|once the [\w-]+ stage is in/)
    for (const text of [workshop, exercises]) expect(text).not.toMatch(/session cookie stays under 100/)
  })
})
