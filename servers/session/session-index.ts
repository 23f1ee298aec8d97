import { inStore, type RedisHandle } from '../core/redis.js'

/**
 * express-session can look a session up by id, but not find "every session of alice". For
 * "log out everywhere" we keep that index ourselves: a set of session ids per user.
 *
 * The order of writes is what makes it trustworthy (see session-strategy.ts): an id enters the
 * index before its session is saved, and leaves it only after the session was destroyed. So every
 * session that exists is findable, whatever fails halfway.
 */
export interface SessionIndex {
  add(username: string, sessionId: string): Promise<void>
  has(username: string, sessionId: string): Promise<boolean>
  /** Every session id of the user (the caller destroys them, then removes them). */
  list(username: string): Promise<string[]>
  remove(username: string, sessionIds: readonly string[]): Promise<void>
}

export function createRedisSessionIndex(redis: RedisHandle, keyPrefix: string, ttlSeconds: number): SessionIndex {
  const key = (username: string) => `${keyPrefix}sessions-of:${username}`
  return {
    add: (username, sessionId) =>
      inStore(async () => {
        // The set lives as long as its newest session; ids of expired sessions in it are harmless.
        await redis.client.multi().sAdd(key(username), sessionId).expire(key(username), ttlSeconds).exec()
      }),
    has: (username, sessionId) => inStore(async () => (await redis.client.sIsMember(key(username), sessionId)) === 1),
    list: (username) => inStore(() => redis.client.sMembers(key(username))),
    remove: (username, sessionIds) =>
      sessionIds.length === 0
        ? Promise.resolve()
        : inStore(async () => {
            await redis.client.sRem(key(username), [...sessionIds])
          }),
  }
}

export function createMemorySessionIndex(): SessionIndex {
  const sessions = new Map<string, Set<string>>()
  return {
    async add(username, sessionId) {
      sessions.set(username, (sessions.get(username) ?? new Set()).add(sessionId))
    },
    has: async (username, sessionId) => sessions.get(username)?.has(sessionId) ?? false,
    list: async (username) => [...(sessions.get(username) ?? [])],
    async remove(username, sessionIds) {
      const ids = sessions.get(username)
      for (const id of sessionIds) ids?.delete(id)
      if (ids?.size === 0) sessions.delete(username)
    },
  }
}
