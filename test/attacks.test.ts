import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applies } from '../loadtests/attacks/attack-entry.js'
import { CATALOGUE } from '../loadtests/attacks/catalogue.js'
import { runAttacks, stillServing, type Verdict } from '../loadtests/attacks/run-attacks.js'
import { keysFor } from '../loadtests/attacks/server-keys.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { defaultVariants, parseVariant } from '../loadtests/runner/variants.js'
import { startLab, type TestLab } from './support/lab.js'

/**
 * The whole attack catalogue against every strategy and the variants that change what is checked
 * (revocation modes, asymmetric algorithms, the memory session store), over real HTTP with a real
 * Redis: each attack must get exactly its expected refusal. Timing checks stay out (tests assert
 * behaviour); `npx authlab attack` runs them.
 */
const VARIANTS = [
  ...defaultVariants(),
  ...[
    'jwt:revocation=denylist',
    'jwt:revocation=refresh',
    'jwt:alg=RS256',
    'jwt:alg=ES256',
    'paseto:revocation=denylist',
    'paseto:revocation=refresh',
    'session:store=memory',
  ].map((text) => parseVariant(text)),
]
const MAX_FAILURES = 5
/** The flood check's requests per refused kind: enough to prove it runs and holds, quick here. */
const FLOOD_REQUESTS = 300

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

describe.each(VARIANTS.map((variant) => ({ variant, id: variant.id })))(
  'attack catalogue against $id',
  ({ variant }) => {
    const verdicts = new Map<string, Verdict>()
    let labs: TestLab[] = []
    let alive = false

    beforeAll(async () => {
      const { env, keys } = await keysFor(variant)
      const start = (extra: Record<string, string>) =>
        startLab({
          strategy: variant.strategy,
          options: variant.options,
          redisUrl: redis.url,
          env: { ...env, ...extra },
        })
      // Brute force locks the client out, so it gets a server of its own with a small limit.
      // The flood check compares the keys under the lockout server's prefix before and after.
      const lockoutPrefix = `attacks-lockout-${randomUUID()}:`
      const [main, lockout] = await Promise.all([
        start({}),
        start({
          AUTHLAB_LOGIN_MAX_FAILURES: String(MAX_FAILURES),
          AUTHLAB_LOGIN_WINDOW: '60',
          AUTHLAB_KEY_PREFIX: lockoutPrefix,
        }),
      ])
      labs = [main, lockout]
      const target = { variant, keys, timing: false, maxFailures: MAX_FAILURES, floodRequests: FLOOD_REQUESTS }
      const store = { redisUrl: redis.url, keyPrefix: lockoutPrefix }
      const results = [
        ...(await runAttacks(
          { ...target, url: main.url },
          CATALOGUE.filter((entry) => !entry.locksOut),
        )),
        ...(await runAttacks(
          { ...target, url: lockout.url, store },
          CATALOGUE.filter((entry) => entry.locksOut),
        )),
      ]
      for (const verdict of results) verdicts.set(verdict.attack, verdict)
      alive = (await stillServing(main.url)) && (await stillServing(lockout.url))
    }, 120_000)
    afterAll(() => Promise.all(labs.map((lab) => lab.close())))

    it.each(CATALOGUE.map((entry) => ({ entry, id: entry.id })))('$id', ({ entry }) => {
      const verdict = verdicts.get(entry.id)
      if (!applies(entry, variant)) return expect(verdict?.verdict).toBe('not-applicable')
      expect(verdict, JSON.stringify(verdict)).toMatchObject({
        verdict: 'blocked',
        status: String(entry.expected.status),
      })
    })

    it('is still serving after every attack', () => {
      expect(alive).toBe(true)
    })
  },
)
