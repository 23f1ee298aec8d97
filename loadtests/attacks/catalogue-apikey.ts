import { me, type AttackEntry } from './attack-entry.js'

/**
 * API keys: the checksum rejects a made-up key before any store lookup, but it is no security
 * control (anyone can compute it); the 256 random bits and the store are.
 */
const apikey = (entry: Omit<AttackEntry, 'family' | 'appliesTo' | 'expected'>): AttackEntry => ({
  family: 'apikey',
  appliesTo: ['apikey'],
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
