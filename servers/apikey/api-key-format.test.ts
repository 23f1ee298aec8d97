import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { apiKeyFor, hashApiKey, isOurApiKey, isWellFormedApiKey, newApiKey } from './api-key-format.js'

const SECRET = randomBytes(32).toString('base64url')
const OLD_SECRET = randomBytes(32).toString('base64url')

describe('API key format', () => {
  it('makes unique, prefixed keys that pass their own checksum and tag', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newApiKey(SECRET)))
    expect(keys.size).toBe(100)
    for (const key of keys) {
      expect(key).toMatch(/^authlab_[A-Za-z0-9_-]{60}$/)
      expect(isWellFormedApiKey(key)).toBe(true)
      expect(isOurApiKey(key, [SECRET])).toBe(true)
    }
  })

  it('rejects any single changed character, a cut key, and a foreign prefix', () => {
    const key = newApiKey(SECRET)
    for (let index = 'authlab_'.length; index < key.length; index++) {
      const other = key[index] === 'x' ? 'y' : 'x'
      const changed = key.slice(0, index) + other + key.slice(index + 1)
      expect(isWellFormedApiKey(changed)).toBe(false)
      expect(isOurApiKey(changed, [SECRET])).toBe(false)
    }
    expect(isOurApiKey(key.slice(0, -1), [SECRET])).toBe(false)
    expect(isOurApiKey(`ghp_${key.slice(8)}`, [SECRET])).toBe(false)
  })

  it('refuses a made-up key with a valid checksum: without the secret, its tag is wrong (issue 28)', () => {
    // What anyone can compute: any body, any tag, the CRC32 over them.
    const madeUp = apiKeyFor(randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url'))
    expect(isWellFormedApiKey(madeUp)).toBe(true)
    expect(isOurApiKey(madeUp, [SECRET])).toBe(false)
  })

  it('accepts a key tagged under any configured secret, for rotation', () => {
    const old = newApiKey(OLD_SECRET)
    expect(isOurApiKey(old, [SECRET, OLD_SECRET])).toBe(true)
    expect(isOurApiKey(old, [SECRET])).toBe(false)
  })

  it('stores a SHA-256 hex digest, never the key', () => {
    const key = newApiKey(SECRET)
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashApiKey(key)).not.toContain(key.slice(8, 20))
  })
})
