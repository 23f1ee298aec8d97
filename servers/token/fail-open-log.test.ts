import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFailOpenLog } from './fail-open-log.js'

describe('fail-open log', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('tells an outage at once, then at most once an interval, then its end; counts every request', () => {
    vi.useFakeTimers()
    const lines: string[] = []
    const failOpen = createFailOpenLog((line) => lines.push(line), 10_000)
    failOpen.storeAnswered() // no outage: nothing to say
    expect(lines).toEqual([])

    for (let request = 0; request < 500; request++) failOpen.accepted()
    expect(lines).toEqual([
      'INSECURE: failing open, 1 request accepted unchecked since the denylist stopped answering (revoked tokens get in)',
    ])
    vi.advanceTimersByTime(10_000)
    expect(lines.at(-1)).toBe(
      'INSECURE: failing open, 500 requests accepted unchecked in this outage so far (revoked tokens get in)',
    )
    vi.advanceTimersByTime(30_000) // nothing new: no line
    expect(lines).toHaveLength(2)
    failOpen.accepted()
    failOpen.storeAnswered()
    expect(lines.at(-1)).toBe('INSECURE: failed open for 501 requests accepted unchecked; the denylist answers again')
    expect(failOpen.counts()).toEqual({ outages: 1, accepted_unchecked: 501 })

    failOpen.accepted() // a second outage
    expect(lines.at(-1)).toMatch(/^INSECURE: failing open, 1 request accepted unchecked since/)
    expect(failOpen.counts()).toEqual({ outages: 2, accepted_unchecked: 502 })
    failOpen.close()
  })
})
