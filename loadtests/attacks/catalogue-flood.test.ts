import { describe, expect, it } from 'vitest'
import { floodFindings, HEAP_ALLOWANCE_BYTES, type FloodRun } from './catalogue-flood.js'

const runs: FloodRun[] = [
  { kind: 'malformed', requests: 10_000, statuses: { '401': 10_000 }, perSecond: 3000 },
  { kind: 'unknown', requests: 10_000, statuses: { '401': 10_000 }, perSecond: 2000 },
]
const before = { keys: ['p:apikey:1', 'p:login:x'], heapUsedBytes: 50 * 2 ** 20, afterGc: true }

describe('floodFindings: what a flood of refused credentials must leave as it was', () => {
  it('finds nothing when every request got 401 and the store, heap and login are as before', () => {
    expect(floodFindings(runs, before, { ...before, heapUsedBytes: before.heapUsedBytes + 2 ** 20 }, 200)).toBe(
      undefined,
    )
  })

  it('reports a key the garbage left in the store, or one it removed', () => {
    const grown = { ...before, keys: [...before.keys, 'p:sess:garbage'] }
    expect(floodFindings(runs, before, grown, 200)).toContain('1 keys added (p:sess:garbage)')
    expect(floodFindings(runs, before, { ...before, keys: ['p:login:x'] }, 200)).toContain('1 removed')
  })

  it('reports a real user locked out (or refused) after the flood', () => {
    expect(floodFindings(runs, before, before, 429)).toContain("a real user's login answered 429")
  })

  it('reports heap growth past the allowance, and answers other than 401', () => {
    const leak = { ...before, heapUsedBytes: before.heapUsedBytes + HEAP_ALLOWANCE_BYTES + 2 ** 20 }
    expect(floodFindings(runs, before, leak, 200)).toMatch(/the heap grew by \d+ MB/)
    // Read without a collection first, the heap carries garbage: only a larger growth counts.
    const uncollected = { ...before, afterGc: false }
    expect(floodFindings(runs, uncollected, { ...leak, afterGc: false }, 200)).toBe(undefined)
    const mixed = [{ ...runs[0]!, statuses: { '401': 9_990, '503': 10 } }]
    expect(floodFindings(mixed, before, before, 200)).toContain('malformed: 10 x 503')
  })
})
