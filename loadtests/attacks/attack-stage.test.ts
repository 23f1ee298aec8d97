import { cpus } from 'node:os'
import { describe, expect, it } from 'vitest'
import { parseVariant } from '../runner/variants.js'
import { attackSideBySide } from './attack-stage.js'

describe('attackSideBySide', () => {
  it('attacks one variant per CPU at a time and returns the runs in the variants order', async () => {
    const variants = ['none', 'jwt', 'session', 'apikey', 'paseto'].map((text) => parseVariant(text))
    let inFlight = 0
    let most = 0
    const runs = await attackSideBySide(variants, async (variant) => {
      most = Math.max(most, ++inFlight)
      // Later variants finish first, so order by completion would differ from the variants order.
      await new Promise((resolve) => setTimeout(resolve, 5 * (variants.length - variants.indexOf(variant))))
      inFlight--
      return variant.id
    })
    expect(runs).toEqual(variants.map((variant) => variant.id))
    expect(most).toBe(Math.min(Math.max(1, cpus().length), variants.length))
  })
})
