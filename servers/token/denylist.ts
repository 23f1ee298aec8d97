import { inStore, type RedisHandle } from '../core/redis.js'
import type { TokenClaims } from './token-codec.js'

export interface DenylistOptions {
  /** The longest an access token lives (exp - iat). */
  readonly maxTokenLifeSeconds: number
  /** Verification accepts a token until exp + this: what revoked it must be kept as long. */
  readonly clockToleranceSeconds: number
}

// KEYS[1]: the user's "revoked before" time. ARGV: the new time, the seconds to keep it.
// Only ever later (two replicas with clocks apart, or a write that lands late after a stalled
// store, must not move the cut back), and kept at least as long as the newest caller asks.
const MOVE_FORWARD = `
if tonumber(ARGV[1]) > tonumber(redis.call('GET', KEYS[1]) or '-1') then redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL') end
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 0`

/**
 * Revocation for stateless tokens, `denylist` mode: one Redis round trip per request.
 * - logout denylists the token's `jti` until the token would have been refused anyway: `exp` plus
 *   the clock tolerance (an entry gone at `exp` would let the token back in for the tolerance).
 *   Keyed on `jti`, never on the token string: the same token can be re-encoded (non-canonical
 *   base64url, ECDSA (r, n-s)) and still verify.
 * - "log out everywhere" stores a per-user "revoked before" time: tokens issued before it are refused.
 */
export function createDenylist(redis: RedisHandle, keyPrefix: string, options: DenylistOptions) {
  const deniedKey = (jti: string) => `${keyPrefix}denied-jti:${jti}`
  const notBeforeKey = (sub: string) => `${keyPrefix}revoked-before:${sub}`
  return {
    async isAlive(claims: TokenClaims): Promise<boolean> {
      const [denied, notBefore] = await inStore(() =>
        redis.client.mGet([deniedKey(claims.jti), notBeforeKey(claims.sub)]),
      )
      return denied === null && (notBefore === null || claims.iat >= Number(notBefore))
    },
    async revokeToken(jti: string, expiresAt: number, nowSeconds: number): Promise<void> {
      const remaining = Math.max(1, Math.ceil(expiresAt + options.clockToleranceSeconds - nowSeconds))
      await inStore(() => redis.client.set(deniedKey(jti), '1', { EX: remaining }))
    },
    async revokeUser(sub: string, nowSeconds: number): Promise<void> {
      // Kept until every token issued before it is past exp + tolerance; after that they fail anyway.
      const keep = options.maxTokenLifeSeconds + options.clockToleranceSeconds + 1
      await inStore(() =>
        redis.client.eval(MOVE_FORWARD, { keys: [notBeforeKey(sub)], arguments: [String(nowSeconds), String(keep)] }),
      )
    },
  }
}
