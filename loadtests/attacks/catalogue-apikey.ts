import { randomBytes } from 'node:crypto'
import { apiKeyFor } from '../../servers/apikey/api-key-format.js'
import { me, type AttackEntry } from './attack-entry.js'

/**
 * API keys: the checksum rejects a mistyped key before any store lookup, the tag (an HMAC under the
 * server's secret) a made-up one; neither is the security control: the 256 random bits and the
 * store are.
 */
const apikey = (entry: Omit<AttackEntry, 'family' | 'expected'>): AttackEntry => ({
  family: 'apikey',
  expected: { status: 401 },
  ...entry,
})
const withKey = (key: string) => me({ 'x-api-key': key })

export const APIKEY_ATTACKS: readonly AttackEntry[] = [
  apikey({
    id: 'apikey-wrong-checksum',
    name: 'wrong checksum',
    tries: 'Changes the last character (the CRC32 checksum) of a real key, and one character of its random part.',
    reference: 'GitHub token format (prefix + CRC32); OWASP REST Security',
    async build(ctx) {
      const key = (await ctx.login()).secret
      const swap = (at: number) => `${key.slice(0, at)}${key[at] === 'A' ? 'B' : 'A'}${key.slice(at + 1)}`
      return { attacks: [withKey(swap(key.length - 1)), withKey(swap(12))] }
    },
  }),
  apikey({
    id: 'apikey-made-up',
    name: 'made up, valid checksum',
    tries:
      'Sends random keys of the right shape with a valid CRC32 (anyone can compute it): refused on the tag, which takes the server secret.',
    reference: 'issue 28 (garbage must not reach the store); GitHub token format',
    async build() {
      const body = () => randomBytes(32).toString('base64url')
      return { attacks: Array.from({ length: 3 }, () => withKey(apiKeyFor(body(), body()))) }
    },
  }),
  apikey({
    id: 'apikey-truncated',
    name: 'truncated',
    tries: 'Sends a real key with its last characters cut, and only its prefix.',
    reference: 'OWASP REST Security',
    async build(ctx) {
      const key = (await ctx.login()).secret
      return { attacks: [withKey(key.slice(0, -3)), withKey(key.slice(0, 20)), withKey('authlab_')] }
    },
  }),
  apikey({
    id: 'apikey-other-prefix',
    name: 'another prefix',
    tries: "Sends a real key under another vendor's prefix (`ghp_`, `sk_live_`).",
    reference: 'GitHub and Stripe key formats',
    async build(ctx) {
      const body = (await ctx.login()).secret.slice('authlab_'.length)
      return { attacks: [withKey(`ghp_${body}`), withKey(`sk_live_${body}`)] }
    },
  }),
  apikey({
    id: 'apikey-revoked',
    name: 'revoked',
    tries: 'Replays a key after its owner revoked it (logout).',
    reference: 'OWASP REST Security (revocation)',
    async build(ctx) {
      const { headers, secret } = await ctx.login()
      return { setup: [{ method: 'POST', path: '/auth/logout', headers, expect: 204 }], attacks: [withKey(secret)] }
    },
  }),
]
