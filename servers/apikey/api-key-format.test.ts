import { describe, expect, it } from 'vitest'
import { hashApiKey, isWellFormedApiKey, newApiKey } from './api-key-format.js'

describe('API key format', () => {
  it('makes unique, prefixed keys that pass their own checksum', () => {
    const keys = new Set(Array.from({ length: 100 }, newApiKey))
    expect(keys.size).toBe(100)
    for (const key of keys) {
      expect(key.startsWith('authlab_')).toBe(true)
      expect(isWellFormedApiKey(key)).toBe(true)
    }
  })

  it('rejects any single changed character, a cut key, and a foreign prefix', () => {
    const key = newApiKey()
    for (let index = 'authlab_'.length; index < key.length; index++) {
      const other = key[index] === 'x' ? 'y' : 'x'
      expect(isWellFormedApiKey(key.slice(0, index) + other + key.slice(index + 1))).toBe(false)
    }
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false)
    expect(isWellFormedApiKey(`ghp_${key.slice(8)}`)).toBe(false)
  })

  it('stores a SHA-256 hex digest, never the key', () => {
    const key = newApiKey()
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashApiKey(key)).not.toContain(key.slice(8, 20))
  })
})
