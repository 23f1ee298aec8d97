import { describe, expect, it } from 'vitest'
import { CHEAP_SCRYPT_LOG_N } from '../runner/lab-servers.js'
import { attackScryptLogN } from './attack-command.js'

describe('authlab attack: password-hash cost of its servers', () => {
  it('is the cheap one unless the user sets one (the real cost made the command take minutes)', () => {
    expect(attackScryptLogN({})).toBe(CHEAP_SCRYPT_LOG_N)
    expect(attackScryptLogN({ AUTHLAB_SCRYPT_LOG_N: '' })).toBe(CHEAP_SCRYPT_LOG_N)
  })

  it('is the one the user sets', () => {
    expect(attackScryptLogN({ AUTHLAB_SCRYPT_LOG_N: '17' })).toBe(17)
  })
})
