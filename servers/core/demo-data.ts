/** A user seeded at start-up (the demo users, or AUTHLAB_USERS). */
export interface SeedUser {
  readonly username: string
  readonly password: string
  readonly roles: readonly string[]
}

/**
 * The demo users' logins (README: Demo users), seeded when AUTHLAB_USERS is not set. Defined once:
 * the harness and the tests log in with these, never with a copy.
 */
export const ALICE = { username: 'alice', password: 'wonderland' } as const
export const ADMIN = { username: 'admin', password: 'control-room' } as const

export const DEMO_USERS: readonly SeedUser[] = [
  { ...ALICE, roles: ['user'] },
  { ...ADMIN, roles: ['user', 'admin'] },
]

/** The records `GET /api/items` returns: about 20 of them, 1-2 KB of JSON, the same on every server. */
export interface Item {
  readonly id: number
  readonly name: string
  readonly category: string
  readonly price_cents: number
  readonly in_stock: boolean
}

const CATEGORIES = ['books', 'garden', 'kitchen', 'tools'] as const

export const DEMO_ITEMS: readonly Item[] = Array.from({ length: 20 }, (_, index) => ({
  id: index + 1,
  name: `Item ${String(index + 1).padStart(2, '0')}`,
  category: CATEGORIES[index % CATEGORIES.length] ?? 'books',
  price_cents: 199 + index * 137,
  in_stock: index % 3 !== 0,
}))
