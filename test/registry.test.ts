import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applies } from '../loadtests/attacks/attack-entry.js'
import { CATALOGUE } from '../loadtests/attacks/catalogue.js'
import { runAttacks } from '../loadtests/attacks/run-attacks.js'
import { keysFor } from '../loadtests/attacks/server-keys.js'
import { revocationVariants } from '../loadtests/revocation/revocation-section.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { defaultVariants, parseVariant } from '../loadtests/runner/variants.js'
import { verifyServer } from '../loadtests/runner/verify.js'
import { authenticates, registerStrategy, strategyNames } from '../servers/registry.js'
import { describeContract } from './contract/contract-suite.js'
import { HEADER_TOKEN_ENTRY } from './support/header-token-strategy.js'
import { startLab, type TestLab } from './support/lab.js'

/**
 * A sixth strategy, added through the registry alone (no other file names it): the contract suite,
 * the lab's contract verification, the attack selection and the revocation variant list must all
 * pick it up. Registered at load time, so that the describe blocks below see it when collected.
 */
const NAME = 'header-token'
const unregister = registerStrategy(NAME, HEADER_TOKEN_ENTRY)
afterAll(unregister)

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

describeContract(
  {
    label: `${NAME} (registered by this test)`,
    strategy: NAME,
    tokenType: 'Bearer',
    afterRevoke: 'refused',
    revocationHeader: /^immediate$/,
  },
  () => redis.url,
)

describe('a strategy added through the registry alone', () => {
  const variant = parseVariant(NAME)
  const MAX_FAILURES = 5
  let lab: TestLab
  // The brute force locks the client out, so it gets a server of its own with a small limit.
  let lockout: TestLab
  beforeAll(async () => {
    lab = await startLab({ strategy: NAME, redisUrl: redis.url })
    lockout = await startLab({ strategy: NAME, env: { AUTHLAB_LOGIN_MAX_FAILURES: String(MAX_FAILURES) } })
  })
  afterAll(async () => {
    await lab?.close()
    await lockout?.close()
  })

  it('is a default variant of the lab and passes its contract verification', async () => {
    expect(strategyNames()).toContain(NAME)
    expect(defaultVariants().map((entry) => entry.id)).toContain(NAME)
    const verification = await verifyServer(lab.url, NAME, authenticates(NAME))
    // The lab asks the registry whether a 401 without a credential is due: for this one, it is.
    expect(verification.checks.find((check) => check.name === 'no credential')?.detail).toContain('expected 401')
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true)
  })

  it('gets every generic and login attack, and none meant for another strategy', async () => {
    const selected = CATALOGUE.filter((entry) => applies(entry, variant))
    const everyGeneric = CATALOGUE.filter((entry) => entry.family === 'all' || entry.family === 'login')
    expect(selected.map((entry) => entry.id)).toEqual(everyGeneric.map((entry) => entry.id))
    expect(everyGeneric.filter((entry) => entry.family === 'all').length).toBeGreaterThan(5)

    // And they run: every one refused as the contract says.
    const { keys } = await keysFor(variant)
    const target = { variant, keys, timing: false, maxFailures: MAX_FAILURES, floodRequests: 100 }
    const verdicts = [
      ...(await runAttacks(
        { ...target, url: lab.url },
        selected.filter((entry) => !entry.locksOut),
      )),
      ...(await runAttacks(
        { ...target, url: lockout.url },
        selected.filter((entry) => entry.locksOut),
      )),
    ]
    expect(verdicts.filter((verdict) => verdict.verdict !== 'blocked')).toEqual([])
  }, 60_000)

  it('is in the revocation experiment, in both the full and the compact variant lists', () => {
    for (const compact of [false, true]) {
      const ids = revocationVariants(strategyNames(), [1000], compact).map((entry) => entry.id)
      expect(ids).toContain(NAME)
    }
  })
})
