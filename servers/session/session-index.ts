import { inStore, type RedisHandle } from '../core/redis.js'

/**
 * express-session can look a session up by id, but not find "every session of alice". For
 * "log out everywhere" we keep that index ourselves: a set of session ids per user.
 */
export interface SessionIndex {
  add(username: string, sessionId: string): Promise<void>
  remove(username: string, sessionId: string): Promise<void>
  /** Every session id of the user, and forget them (the caller destroys the sessions). */
  takeAll(username: string): Promise<string[]>
}

export function createRedisSessionIndex(redis: RedisHandle, keyPrefix: string, ttlSeconds: number): SessionIndex {
  const key = (username: string) => `${keyPrefix}sessions-of:${username}`
  return {
    add: (username, sessionId) =>
      inStore(async () => {
        // The set lives as long as its newest session; ids of expired sessions in it are harmless.
        await redis.client.multi().sAdd(key(username), sessionId).expire(key(username), ttlSeconds).exec()
      }),
    remove: (username, sessionId) =>
      inStore(async () => {
        await redis.client.sRem(key(username), sessionId)
      }),
    takeAll: (username) =>
      inStore(async () => {
        const [ids] = await redis.client.multi().sMembers(key(username)).del(key(username)).exec()
        return (ids as unknown as string[] | null) ?? []
      }),
  }
}

export function createMemorySessionIndex(): SessionIndex {
  const sessions = new Map<string, Set<string>>()
  return {
    async add(username, sessionId) {
      sessions.set(username, (sessions.get(username) ?? new Set()).add(sessionId))
    },
    async remove(username, sessionId) {
      sessions.get(username)?.delete(sessionId)
    },
    async takeAll(username) {
      const ids = [...(sessions.get(username) ?? [])]
      sessions.delete(username)
      return ids
    },
  }
}
