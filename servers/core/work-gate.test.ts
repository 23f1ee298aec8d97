import { describe, expect, it } from 'vitest'
import { createWorkGate } from './work-gate.js'

describe('work gate', () => {
  it('runs `concurrency` at once, queues `queue` more, refuses the rest, and serves the queue in order', async () => {
    const gate = createWorkGate({ concurrency: 2, queue: 1, refuse: () => new Error('busy') })
    const release: (() => void)[] = []
    const started: number[] = []
    const job = (id: number) =>
      gate.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(id)
            release.push(() => resolve(id))
          }),
      )
    const jobs = [job(1), job(2), job(3)]
    await expect(job(4)).rejects.toThrow('busy')
    await Promise.resolve()
    expect(started).toEqual([1, 2])
    release.shift()?.()
    expect(await jobs[0]).toBe(1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(started).toEqual([1, 2, 3])
    for (const done of release.splice(0)) done()
    expect(await Promise.all(jobs)).toEqual([1, 2, 3])
    // Everything finished: the full capacity is free again.
    const again = [job(5), job(6), job(7)]
    await expect(job(8)).rejects.toThrow('busy')
    await new Promise((resolve) => setImmediate(resolve))
    for (const done of release.splice(0)) done()
    await new Promise((resolve) => setImmediate(resolve))
    for (const done of release.splice(0)) done()
    expect(await Promise.all(again)).toEqual([5, 6, 7])
  })
})
