import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { SeedUser } from './config.js'
import type { WorkGate } from './work-gate.js'

export interface User {
  readonly username: string
  readonly roles: readonly string[]
}

export interface UserStore {
  /** The user if the password is right, otherwise undefined. Same hash work either way. */
  verifyPassword(username: string, password: string): Promise<User | undefined>
  find(username: string): User | undefined
  /** Used by tests and exercises: a credential of a removed user must stop working. */
  remove(username: string): boolean
  readonly size: number
}

interface StoredUser extends User {
  readonly salt: Buffer
  readonly hash: Buffer
}

const KEY_LENGTH = 32

function scryptAsync(password: string, salt: Buffer, logN: number): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node's default maxmem (32 MiB) is too small from N = 2^15 on.
  const options: ScryptOptions = { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 }
  return new Promise((resolve, reject) => {
    // Runs on libuv's thread pool, so a login does not block the event loop for other requests.
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/**
 * Seeds the demo users with scrypt hashes (memory-hard; the plain passwords are dropped after this).
 * An unknown username is checked against a dummy hash of the same cost, so "no such user" and "wrong
 * password" take the same work and give the same answer: no user enumeration by status or timing.
 */
export async function createUserStore(
  seed: readonly SeedUser[],
  scryptLogN: number,
  /** Bounds the hashes of logins (the seeding above runs once, before the server listens). */
  hashGate: WorkGate,
): Promise<UserStore> {
  const hashOf = async (password: string) => {
    const salt = randomBytes(16)
    return { salt, hash: await scryptAsync(password, salt, scryptLogN) }
  }
  const users = new Map<string, StoredUser>()
  for (const { username, password, roles } of seed) {
    users.set(username, { username, roles: [...roles], ...(await hashOf(password)) })
  }
  const dummy = await hashOf(randomBytes(16).toString('hex'))

  return {
    async verifyPassword(username, password) {
      const stored = users.get(username)
      const { salt, hash } = stored ?? dummy
      const candidate = await hashGate.run(() => scryptAsync(password, salt, scryptLogN))
      const matches = timingSafeEqual(candidate, hash)
      return stored && matches ? { username: stored.username, roles: stored.roles } : undefined
    },
    find(username) {
      const stored = users.get(username)
      return stored && { username: stored.username, roles: stored.roles }
    },
    remove: (username) => users.delete(username),
    get size() {
      return users.size
    },
  }
}
