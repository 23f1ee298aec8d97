import { describe, expect, it, vi } from 'vitest'
import { clock, createProgress } from './progress.js'

function recorder(tty: boolean) {
  let ms = 0
  const written: string[] = []
  const progress = createProgress({ write: (text) => written.push(text), tty, columns: 80, now: () => ms })
  return { progress, written, advance: (seconds: number) => (ms += seconds * 1000) }
}

describe('progress', () => {
  it('rounds the clock before splitting minutes and seconds', () => {
    expect(clock(119.6)).toBe('2:00')
    expect(clock(59.5)).toBe('1:00')
    expect(clock(61.2)).toBe('1:01')
  })

  it('prints plain lines in a pipe', () => {
    const { progress, written, advance } = recorder(false)
    progress.plan(100)
    progress.step('starting 6 servers', 10)
    advance(5)
    progress.note('jwt: 9 checks passed')
    progress.step('warm-up jwt', 1)
    progress.end()
    expect(written).toEqual([
      '[0:00 elapsed, ~1:40 left] starting 6 servers\n',
      '  jwt: 9 checks passed\n',
      // 10 planned seconds done in 5: the pace is never counted faster than the plan.
      '[0:05 elapsed, ~1:30 left] warm-up jwt\n',
    ])
    expect(written.join('')).not.toContain('\r')
  })

  it('redraws one line on a terminal, and keeps notes above it', () => {
    const { progress, written } = recorder(true)
    progress.plan(60)
    progress.step('starting 6 servers', 30)
    progress.note('jwt: 9 checks passed')
    progress.end()
    expect(written[0]).toBe('\r\x1b[2K[0:00 elapsed, ~1:00 left] starting 6 servers')
    expect(written[1]).toBe('\r\x1b[2K  jwt: 9 checks passed\n')
    expect(written[2]).toBe(written[0]) // the status line again, below the note
    expect(written.at(-1)).toMatch(/\n$/)
    // No status line ends in a newline before the end: it is redrawn in place.
    for (const text of written.slice(0, -1)) if (text.includes('left]')) expect(text).not.toContain('\n')
  })

  it('counts down during a long step from its first second, and slows the estimate when the run falls behind', () => {
    const { progress, written, advance } = recorder(false)
    progress.plan(100)
    progress.step('starting servers', 20)
    advance(40) // the start took twice its plan
    progress.step('bursts', 80)
    expect(written[0]).toContain('~1:40 left')
    expect(written[1]).toContain('[0:40 elapsed, ~2:40 left]') // 80 s planned at half pace
  })

  it('on a terminal, moves the clock and counts down within a long step (server start), once a second', () => {
    vi.useFakeTimers()
    try {
      const { progress, written, advance } = recorder(true)
      progress.plan(100)
      progress.step('starting 6 servers', 20)
      advance(10)
      vi.advanceTimersByTime(1000)
      expect(written.at(-1)).toBe('\r\x1b[2K[0:10 elapsed, ~1:30 left] starting 6 servers')
      progress.end()
    } finally {
      vi.useRealTimers()
    }
  })
})
