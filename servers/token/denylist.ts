import { inStore, type RedisHandle } from '../core/redis.js'
import type { TokenClaims } from './token-codec.js'

/**
 * Revocation for stateless tokens, `denylist` mode: one Redis round trip per request.
 * - logout denylists the token's `jti` until the token would have expired anyway (so the list
 *   never grows past the tokens still alive). Keyed on `jti`, never on the token string: the same
 *   token can be re-encoded (non-canonical base64url, ECDSA (r, n-s)) and still verify.
 * - "log out everywhere" stores a per-user "not before" time: tokens issued before it are refused.
 */
export function createDenylist(redis: RedisHandle, keyPrefix: string, maxTokenLifeSeconds: number) {
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
      const remaining = Math.max(1, Math.ceil(expiresAt - nowSeconds))
      await inStore(() => redis.client.set(deniedKey(jti), '1', { EX: remaining }))
    },
    async revokeUser(sub: string, nowSeconds: number): Promise<void> {
      // Kept as long as the longest-lived token could be: after that every older token expired anyway.
      await inStore(() => redis.client.set(notBeforeKey(sub), String(nowSeconds), { EX: maxTokenLifeSeconds }))
    },
  }
}
