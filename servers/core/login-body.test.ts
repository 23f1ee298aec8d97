import { describe, expect, it } from 'vitest'
import { AuthError } from './errors.js'
import { parseLoginBody, parseRevokeAllBody } from './login-body.js'

const refused = (body: unknown) => {
  try {
    parseLoginBody(body)
    return false
  } catch (error) {
    return error instanceof AuthError && error.status === 400
  }
}

describe('parseLoginBody', () => {
  it('accepts exactly {username, password} as strings', () => {
    expect(parseLoginBody({ username: 'alice', password: 'wonderland' })).toEqual({
      username: 'alice',
      password: 'wonderland',
    })
  })

  it('refuses every other shape with a 400', () => {
    for (const body of [
      undefined,
      null,
      'alice',
      ['alice', 'wonderland'],
      { username: 'alice' },
      { username: 'alice', password: { $ne: 1 } },
      { username: ['alice'], password: 'x' },
      { username: '', password: 'x' },
      { username: 'a'.repeat(65), password: 'x' },
      { username: 'alice', password: 'x', roles: ['admin'] },
      JSON.parse('{"username":"alice","password":"x","__proto__":{"admin":true}}'),
    ]) {
      expect(refused(body)).toBe(true)
    }
  })
})

describe('parseRevokeAllBody', () => {
  it('means the caller when empty, and names a user otherwise', () => {
    expect(parseRevokeAllBody(undefined, 'alice')).toBe('alice')
    expect(parseRevokeAllBody({}, 'alice')).toBe('alice')
    expect(parseRevokeAllBody({ username: 'bob' }, 'admin')).toBe('bob')
    expect(() => parseRevokeAllBody({ username: 'bob', extra: 1 }, 'admin')).toThrow(AuthError)
  })
})
