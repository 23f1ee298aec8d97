import { describe, expect, it } from 'vitest'
import { roundOrder } from './rounds.js'

const targets = ['none', 'jwt', 'session', 'apikey'].map((variant) => ({ variant }))

describe('roundOrder', () => {
  it('puts the baseline first, last and between every two other bursts', () => {
    const order = roundOrder(targets, 'none').map((target) => target.variant)
    expect(order).toHaveLength(7)
    expect(order.filter((_, index) => index % 2 === 0)).toEqual(['none', 'none', 'none', 'none'])
    expect(order.filter((_, index) => index % 2 === 1).sort()).toEqual(['apikey', 'jwt', 'session'])
  })

  it('changes the order of the others from round to round', () => {
    const orders = new Set(
      Array.from({ length: 300 }, () =>
        roundOrder(targets, 'none')
          .map((target) => target.variant)
          .join(','),
      ),
    )
    expect(orders.size).toBe(6)
  })

  it('shuffles without a baseline, and runs a lone baseline once', () => {
    expect(roundOrder(targets, undefined)).toHaveLength(4)
    expect(roundOrder([{ variant: 'none' }], 'none')).toEqual([{ variant: 'none' }])
  })
})
