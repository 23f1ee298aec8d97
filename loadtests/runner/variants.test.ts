import { describe, expect, it } from 'vitest'
import { parseVariant, selectVariants, serveFlags } from './variants.js'

describe('variants', () => {
  it('parses options and names a variant the same whatever their order', () => {
    const variant = parseVariant('jwt:revocation=denylist,alg=ES256')
    expect(variant).toMatchObject({
      id: 'jwt:alg=ES256,revocation=denylist',
      strategy: 'jwt',
      options: { alg: 'ES256', revocation: 'denylist' },
    })
    expect(serveFlags(variant)).toEqual(['--revocation', 'denylist', '--alg', 'ES256'])
  })

  it('refuses unknown strategies, options and values with a TypeError', () => {
    expect(() => parseVariant('oauth')).toThrow(TypeError)
    expect(() => parseVariant('jwt:colour=blue')).toThrow(TypeError)
    expect(() => parseVariant('jwt:alg=none')).toThrow(TypeError)
    expect(() => parseVariant('none:alg=HS256')).toThrow(TypeError)
  })

  it('always measures the baseline, first, and drops duplicates', () => {
    expect(selectVariants(['jwt', 'jwt'], ['session:store=memory']).map((variant) => variant.id)).toEqual([
      'none',
      'jwt',
      'session:store=memory',
    ])
    expect(selectVariants(undefined, []).map((variant) => variant.id)).toEqual([
      'none',
      'jwt',
      'session',
      'apikey',
      'paseto',
    ])
  })
})
