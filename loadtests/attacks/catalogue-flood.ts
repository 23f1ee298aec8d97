import autocannon from 'autocannon'
import { createClient } from 'redis'
import { ADMIN, ALICE } from '../../servers/core/demo-data.js'
import { me, type AttackContext, type AttackEntry, type StoreView } from './attack-entry.js'
import { refusedCredentials, type RefusedCredential } from './refused-credentials.js'

/**
 * The flood check (issue 28): garbage by the thousand must cost the server nothing it keeps. For
 * each refused kind, `floodRequests` requests at high concurrency; then the store under the
 * server's prefix must hold the same keys, the heap must not have grown past what young-generation
 * garbage explains, and a real user must still log in (on the server with the small failed-login
 * limit, where counting someone else's garbage would lock her out).
 */

/**
 * Heap growth a flood may show without a leak. The servers the runner starts collect garbage before
 * they report their heap (--expose-gc), so what is left is what they keep: a leak of 200 bytes per
 * refused request shows at 30,000 of them. A server that cannot collect first (a --target, the
 * tests' in-process ones) reports garbage too, tens of MB of it between collections (30,000 refused
 * paseto requests read as 37 MB that a collection freed): it gets the larger allowance.
 */
export const HEAP_ALLOWANCE_BYTES = 6 * 2 ** 20
export const UNCOLLECTED_HEAP_ALLOWANCE_BYTES = 64 * 2 ** 20

export interface FloodSnapshot {
  /** Every key under the server's prefix, sorted; undefined when the store is not known. */
  readonly keys?: readonly string[]
  readonly heapUsedBytes: number
  /** The server collected garbage before reading its heap. */
  readonly afterGc: boolean
}

export interface FloodRun {
  readonly kind: string
  readonly requests: number
  /** Status -> count, as autocannon saw them; errors and timeouts under `error`. */
  readonly statuses: Readonly<Record<string, number>>
  readonly perSecond: number
}

/** Why the flood got through (the server kept something, or refused otherwise), or undefined. */
export function floodFindings(
  runs: readonly FloodRun[],
  before: FloodSnapshot,
  after: FloodSnapshot,
  loginAfter: number,
): string | undefined {
  const problems: string[] = []
  for (const run of runs) {
    const other = Object.entries(run.statuses).filter(([status, count]) => status !== '401' && count > 0)
    if (other.length) problems.push(`${run.kind}: ${other.map(([status, count]) => `${count} x ${status}`).join(', ')}`)
  }
  if (before.keys && after.keys) {
    const had = new Set(before.keys)
    const has = new Set(after.keys)
    const added = after.keys.filter((key) => !had.has(key))
    const removed = before.keys.filter((key) => !has.has(key))
    if (added.length || removed.length)
      problems.push(
        `the store changed: ${added.length} keys added (${added.slice(0, 2).join(', ')}), ${removed.length} removed`,
      )
  }
  const grown = after.heapUsedBytes - before.heapUsedBytes
  const allowance = before.afterGc && after.afterGc ? HEAP_ALLOWANCE_BYTES : UNCOLLECTED_HEAP_ALLOWANCE_BYTES
  if (grown > allowance)
    problems.push(`the heap grew by ${(grown / 2 ** 20).toFixed(0)} MB (allowed ${allowance / 2 ** 20} MB)`)
  if (loginAfter !== 200) problems.push(`a real user's login answered ${loginAfter} after the flood`)
  return problems.length ? `flood: ${problems.join('; ')}` : undefined
}

async function storeKeys(store: StoreView): Promise<string[]> {
  const client = createClient({ url: store.redisUrl })
  client.on('error', () => {})
  await client.connect()
  try {
    const keys: string[] = []
    for await (const batch of client.scanIterator({ MATCH: `${store.keyPrefix}*`, COUNT: 1000 })) keys.push(...batch)
    return keys.sort()
  } finally {
    await client.close()
  }
}

async function snapshot(ctx: AttackContext, adminHeaders: Readonly<Record<string, string>>): Promise<FloodSnapshot> {
  const stats = await ctx.http('GET', '/api/admin/stats', { headers: adminHeaders })
  if (stats.status !== 200) throw new Error(`GET /api/admin/stats answered ${stats.status}`)
  return {
    heapUsedBytes: Number(stats.json.heap_used_bytes),
    afterGc: stats.json.heap_after_gc === true,
    ...(ctx.store && { keys: await storeKeys(ctx.store) }),
  }
}

async function flood(ctx: AttackContext, refused: RefusedCredential): Promise<FloodRun> {
  const result = await autocannon({
    url: `${ctx.url}/api/me`,
    headers: { ...refused.headers },
    connections: Math.min(32, ctx.floodRequests),
    amount: ctx.floodRequests,
  })
  const statuses: Record<string, number> = {}
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = stats?.count ?? 0
  if (result.errors + result.timeouts > 0) statuses.error = result.errors + result.timeouts
  const seconds = Math.max(result.duration, 0.001)
  return { kind: refused.kind, requests: result.requests.total, statuses, perSecond: result.requests.total / seconds }
}

export const FLOOD_ATTACKS: readonly AttackEntry[] = [
  {
    id: 'flood-refused-credentials',
    family: 'all',
    name: 'flood of refused credentials',
    tries:
      'Sends 10,000 (--flood N) requests of each refused kind (malformed, bad signature, unknown, expired) to /api/me, 32 at a time; the store under the server prefix, the heap and a real user login must be as before.',
    expected: { status: 401 },
    reference: 'issue 28; OWASP Denial of Service cheat sheet; CWE-400',
    // On the server with the small failed-login limit: garbage counted as failed logins would lock
    // the real user out there, which is what this checks.
    locksOut: true,
    optIn: 'flood',
    async build(ctx) {
      const admin = await ctx.login(ADMIN)
      const alice = await ctx.login()
      const kinds = await refusedCredentials(ctx.variant, alice.headers, ctx.keys)
      const runs: FloodRun[] = []
      let before: FloodSnapshot | undefined
      let after: FloodSnapshot | undefined
      return {
        // One of each kind, sent as plain attacks first: the matrix shows their status.
        attacks: kinds.map((refused) => me(refused.headers)),
        async judge() {
          before = await snapshot(ctx, admin.headers)
          for (const refused of kinds) runs.push(await flood(ctx, refused))
          after = await snapshot(ctx, admin.headers)
          const login = await ctx.http('POST', '/auth/login', { body: ALICE })
          return floodFindings(runs, before, after, login.status)
        },
        note: () =>
          `${runs.map((run) => `${run.kind} ${run.requests} at ${Math.round(run.perSecond)}/s`).join(', ')}` +
          (before?.keys ? `; store: ${before.keys.length} keys under the prefix, unchanged` : '; store not checked') +
          (before && after ? `; heap ${((after.heapUsedBytes - before.heapUsedBytes) / 2 ** 20).toFixed(1)} MB` : ''),
      }
    },
  },
]
