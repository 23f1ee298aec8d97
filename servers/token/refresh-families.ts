import { randomUUID } from 'node:crypto'
import { inStore, type RedisHandle } from '../core/redis.js'

/**
 * Refresh tokens, `refresh` mode. Each login starts a family; every refresh spends the current
 * refresh token and issues the next one (rotation). A refresh token presented twice means two
 * parties hold it, so one of them stole it: the whole family dies, the thief's copies and the
 * user's alike (OAuth 2.0 Security BCP, refresh token rotation).
 *
 * Redis keys: family:<fid> (alive marker, holds the user), refresh:<jti> -> fid (unspent token),
 * families-of:<user> (set of fids, for "log out everywhere").
 */
export function createRefreshFamilies(redis: RedisHandle, keyPrefix: string, refreshTtlSeconds: number) {
  const familyKey = (fid: string) => `${keyPrefix}family:${fid}`
  const unspentKey = (jti: string) => `${keyPrefix}refresh:${jti}`
  const userKey = (sub: string) => `${keyPrefix}families-of:${sub}`

  const killFamilies = (sub: string, fids: readonly string[]) =>
    fids.length === 0
      ? Promise.resolve()
      : inStore(async () => {
          await redis.client
            .multi()
            .del(fids.map(familyKey))
            .sRem(userKey(sub), [...fids])
            .exec()
        })

  return {
    /** A new family with its first refresh token id. */
    async start(sub: string): Promise<{ fid: string; jti: string }> {
      const fid = randomUUID()
      const jti = randomUUID()
      await inStore(() =>
        redis.client
          .multi()
          .set(familyKey(fid), sub, { EX: refreshTtlSeconds })
          .set(unspentKey(jti), fid, { EX: refreshTtlSeconds })
          .sAdd(userKey(sub), fid)
          .expire(userKey(sub), refreshTtlSeconds)
          .exec(),
      )
      return { fid, jti }
    },

    /**
     * Spends refresh token `jti` of family `fid` and returns the next token id, or undefined when
     * the family is dead or the token was already spent (reuse: the family is killed here).
     */
    async rotate(sub: string, fid: string, jti: string): Promise<string | undefined> {
      // GETDEL is atomic: of two concurrent uses of one token, exactly one finds it unspent.
      const [spentFor, alive] = await inStore(() =>
        redis.client.multi().getDel(unspentKey(jti)).exists(familyKey(fid)).exec(),
      )
      if (Number(alive) !== 1) return undefined
      if (String(spentFor) !== fid) {
        await killFamilies(sub, [fid])
        return undefined
      }
      const next = randomUUID()
      await inStore(() => redis.client.set(unspentKey(next), fid, { EX: refreshTtlSeconds }))
      return next
    },

    kill: (sub: string, fid: string) => killFamilies(sub, [fid]),
    async killAll(sub: string): Promise<void> {
      await killFamilies(sub, await inStore(() => redis.client.sMembers(userKey(sub))))
    },
  }
}
