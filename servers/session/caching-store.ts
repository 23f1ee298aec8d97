import { promisify } from 'node:util'
import { Store, type SessionData } from 'express-session'
import type { CredentialCache } from '../core/credential-cache.js'

export interface CachedSession {
  readonly sub: string
  readonly data: SessionData
}

/**
 * A session store that answers reads from an in-process cache, in front of the real store.
 * Writes and deletes go to the real store first; a delete then clears the cache (here, and on every
 * replica with pub/sub). The order matters: clearing first would let another replica re-read the
 * session from the store in between and cache it again.
 */
export class CachingStore extends Store {
  readonly #inner: Store
  readonly #cache: CredentialCache<CachedSession>
  readonly #read: (sid: string) => Promise<SessionData | null | undefined>
  readonly #destroy: (sid: string) => Promise<void>

  constructor(inner: Store, cache: CredentialCache<CachedSession>) {
    super()
    this.#inner = inner
    this.#cache = cache
    this.#read = promisify(inner.get.bind(inner))
    this.#destroy = promisify(inner.destroy.bind(inner))
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    this.#cache
      .lookup(sid, async () => {
        const data = await this.#read(sid)
        return data ? { sub: data.username ?? '', data } : undefined
      })
      .then((cached) => {
        // The store expires sessions itself; a cached copy must not outlive them (Redis forgot it,
        // the cache would not). express-session modifies what it is given: hand out a copy.
        const expires = cached?.data.cookie.expires
        const alive = cached && !(expires && new Date(expires).getTime() <= Date.now())
        callback(null, alive ? structuredClone(cached.data) : null)
      }, callback)
  }

  override set(sid: string, session: SessionData, callback?: (error?: unknown) => void): void {
    this.#inner.set(sid, session, callback)
  }

  // express-session ends a response one way when its store has touch() (it writes the body, lets the
  // store touch the session, then ends) and another way when it has not. Hiding the store's touch
  // sent every cached request down a path the uncached variant never takes: forward it, so the two
  // differ only by the lookup. (connect-redis with disableTouch answers at once, with no command.)
  override touch(sid: string, session: SessionData, callback?: (error?: unknown) => void): void {
    if (this.#inner.touch) this.#inner.touch(sid, session, (error?: unknown) => callback?.(error))
    else callback?.()
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.#destroy(sid)
      .then(() => this.#cache.forget(sid))
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      )
  }
}
