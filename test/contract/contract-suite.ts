import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { StrategyName, VariantOptions } from '../../servers/core/strategy.js'
import { authenticates } from '../../servers/registry.js'
import { ADMIN, ALICE, login, startLab, type TestLab } from '../support/lab.js'
import { createContractValidator } from './openapi-validator.js'

/** One strategy variant and what the contract promises about it. */
export interface ContractCase {
  readonly label: string
  readonly strategy: StrategyName
  readonly options?: VariantOptions
  readonly tokenType: 'Bearer' | 'ApiKey' | 'Cookie' | 'None'
  /** What the old credential gets after logout / revoke-all. */
  readonly afterRevoke: 'refused' | 'still accepted'
  readonly revocationHeader: RegExp
}

/**
 * The contract suite for one case, against a server built by the registry (createLabServer), over
 * real HTTP with a real Redis. Every response any test here receives is also checked against
 * docs/openapi.yaml.
 */
export function describeContract(testCase: ContractCase, redisUrl: () => string): void {
  describe(`contract: ${testCase.label}`, () => {
    const validator = createContractValidator()
    const violations: string[] = []
    let lab: TestLab
    const expectedStatusAfterRevoke = testCase.afterRevoke === 'refused' ? 401 : 200

    beforeAll(async () => {
      lab = await startLab({
        strategy: testCase.strategy,
        options: testCase.options,
        redisUrl: redisUrl(),
        observe: (response) =>
          violations.push(
            ...validator.check(response).map((v) => `${response.method} ${response.path} ${response.status}: ${v}`),
          ),
      })
    })
    afterAll(() => lab?.close())
    afterEach(() => {
      expect(violations.splice(0)).toEqual([])
    })

    it('reports its strategy and variant in /health', async () => {
      const health = await lab.http('GET', '/health')
      expect(health.status).toBe(200)
      expect(health.json).toMatchObject({ status: 'ok', strategy: testCase.strategy })
      // The variant names the options it was started with, under the same names as the CLI flags.
      expect(health.json.variant).toMatchObject(testCase.options ?? {})
    })

    it('logs in and serves the protected routes', async () => {
      const { response, headers } = await login(lab)
      expect(response.json.token_type).toBe(testCase.tokenType)
      expect(response.headers['cache-control']).toBe('no-store')
      const me = await lab.http('GET', '/api/me', { headers })
      expect(me.status).toBe(200)
      expect(me.json.sub).toBe(!authenticates(testCase.strategy) ? 'anonymous' : 'alice')
      const items = await lab.http('GET', '/api/items', { headers })
      expect(items.status).toBe(200)
      expect(items.json.items).toHaveLength(20)
    })

    it('answers 403 to a plain user on the admin route and 200 to an admin', async () => {
      const alice = await login(lab)
      expect((await lab.http('GET', '/api/admin/stats', { headers: alice.headers })).status).toBe(403)
      if (!authenticates(testCase.strategy)) return // the baseline has no admins: everybody is anonymous
      const admin = await login(lab, ADMIN)
      const stats = await lab.http('GET', '/api/admin/stats', { headers: admin.headers })
      expect(stats.status).toBe(200)
      expect(stats.json.strategy).toBe(testCase.strategy)
    })

    it('gives a wrong password and an unknown user the same answer', async () => {
      const wrong = await lab.http('POST', '/auth/login', { body: { username: 'alice', password: 'nope' } })
      const unknown = await lab.http('POST', '/auth/login', { body: { username: 'mallory', password: 'nope' } })
      expect(wrong.status).toBe(401)
      expect(unknown.status).toBe(401)
      expect(unknown.text).toBe(wrong.text)
    })

    it.skipIf(!authenticates(testCase.strategy))(
      'answers 401 with WWW-Authenticate when no credential is sent',
      async () => {
        for (const path of ['/api/me', '/api/items', '/api/admin/stats']) {
          const response = await lab.http('GET', path)
          expect(response.status).toBe(401)
          expect(response.headers['www-authenticate']).toBeTruthy()
          expect(response.json.code).toBe('ERR_AUTH_MISSING')
        }
        expect((await lab.http('POST', '/auth/logout')).status).toBe(401)
      },
    )

    it(`logout answers 204, says how far it revoked, and the old credential is ${testCase.afterRevoke}`, async () => {
      const { headers } = await login(lab)
      const logout = await lab.http('POST', '/auth/logout', { headers })
      expect(logout.status).toBe(204)
      expect(logout.headers['auth-revocation']).toMatch(testCase.revocationHeader)
      expect((await lab.http('GET', '/api/me', { headers })).status).toBe(expectedStatusAfterRevoke)
    })

    it(`revoke-all reaches every credential of the user: they are ${testCase.afterRevoke}`, async () => {
      const first = await login(lab)
      const second = await login(lab)
      const revoke = await lab.http('POST', '/auth/revoke-all', { headers: first.headers })
      expect(revoke.status).toBe(204)
      expect(revoke.headers['auth-revocation']).toMatch(testCase.revocationHeader)
      for (const { headers } of [first, second]) {
        expect((await lab.http('GET', '/api/me', { headers })).status).toBe(expectedStatusAfterRevoke)
      }
      // A login after "log out everywhere" works as usual.
      const fresh = await login(lab)
      expect((await lab.http('GET', '/api/me', { headers: fresh.headers })).status).toBe(200)
    })

    it.skipIf(!authenticates(testCase.strategy))('lets an admin, and only an admin, log out another user', async () => {
      const alice = await login(lab)
      const admin = await login(lab, ADMIN)
      const refused = await lab.http('POST', '/auth/revoke-all', {
        headers: alice.headers,
        body: { username: 'admin' },
      })
      expect(refused.status).toBe(403)
      expect((await lab.http('GET', '/api/me', { headers: admin.headers })).status).toBe(200)
      const done = await lab.http('POST', '/auth/revoke-all', { headers: admin.headers, body: { username: 'alice' } })
      expect(done.status).toBe(204)
      expect((await lab.http('GET', '/api/me', { headers: alice.headers })).status).toBe(expectedStatusAfterRevoke)
      expect((await lab.http('GET', '/api/me', { headers: admin.headers })).status).toBe(200)
    })

    const refreshMode = testCase.options?.revocation === 'refresh'
    it.skipIf(refreshMode)('has no /auth/refresh outside refresh mode', async () => {
      expect((await lab.http('POST', '/auth/refresh', { body: { refresh_token: 'x' } })).status).toBe(404)
    })

    it.runIf(refreshMode)('rotates refresh tokens, and a reused one kills the whole family', async () => {
      const { response } = await login(lab)
      const first = response.json.refresh_token as string
      const rotated = await lab.http('POST', '/auth/refresh', { body: { refresh_token: first } })
      expect(rotated.status).toBe(200)
      const second = rotated.json.refresh_token as string
      expect(second).not.toBe(first)
      expect(
        (await lab.http('GET', '/api/me', { headers: { authorization: `Bearer ${rotated.json.access_token}` } }))
          .status,
      ).toBe(200)
      // The first token again: somebody kept a copy. Refused, and the legitimate next one dies too.
      expect((await lab.http('POST', '/auth/refresh', { body: { refresh_token: first } })).status).toBe(401)
      expect((await lab.http('POST', '/auth/refresh', { body: { refresh_token: second } })).status).toBe(401)
    })

    it.runIf(refreshMode)('logout kills the refresh family', async () => {
      const { response, headers } = await login(lab)
      expect((await lab.http('POST', '/auth/logout', { headers })).status).toBe(204)
      expect(
        (await lab.http('POST', '/auth/refresh', { body: { refresh_token: response.json.refresh_token } })).status,
      ).toBe(401)
    })

    it('refuses login bodies that are not the documented shape', async () => {
      const send = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
        lab.http('POST', '/auth/login', { body, headers })
      expect(
        (await send('username=alice&password=wonderland', { 'content-type': 'application/x-www-form-urlencoded' }))
          .status,
      ).toBe(400)
      expect((await send('{"username": "alice",')).status).toBe(400)
      expect((await send(JSON.stringify(['alice', 'wonderland']))).status).toBe(400)
      expect((await send(JSON.stringify({ username: 'alice', password: { $ne: 1 } }))).status).toBe(400)
      expect((await send(JSON.stringify({ username: 42, password: 'wonderland' }))).status).toBe(400)
      expect((await send('{"username":"alice","password":"wonderland","__proto__":{"roles":["admin"]}}')).status).toBe(
        400,
      )
      expect((await send(JSON.stringify({ username: 'alice', password: 'x'.repeat(1024 * 1024) }))).status).toBe(413)
      expect((await lab.http('POST', '/auth/login', { body: ALICE })).status).toBe(200)
    })

    it('answers 404 problem+json on an unknown route', async () => {
      const response = await lab.http('GET', '/api/nope')
      expect(response.status).toBe(404)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    })
  })
}
