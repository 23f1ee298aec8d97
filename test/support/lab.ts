import { randomUUID } from 'node:crypto'
import { ALICE } from '../../servers/core/demo-data.js'
import { loadConfig } from '../../servers/core/config.js'
import { credentialFrom } from '../../loadtests/runner/credential.js'
import type { StrategyName, VariantOptions, Weakenings } from '../../servers/core/strategy.js'
import { createLabServer, type LabServer } from '../../servers/lab-server.js'
import { createHttpClient, type HttpClient, type LabResponse, type ResponseObserver } from './http-client.js'

export interface TestLab {
  readonly url: string
  readonly server: LabServer
  readonly http: HttpClient
  /** Server log lines, for tests that check what the server said (and to keep test output quiet). */
  readonly logs: string[]
  close(): Promise<void>
}

export interface LabOptions {
  readonly strategy: StrategyName
  readonly options?: VariantOptions
  readonly redisUrl?: string
  /** Extra environment, as a user would set it; the test defaults below come first. */
  readonly env?: Readonly<Record<string, string>>
  readonly observe?: ResponseObserver
  /** Defences removed on purpose, to prove a test notices (never the default). */
  readonly weakened?: Weakenings
}

/**
 * One server in this process, on a free port, over real HTTP, against a real Redis. Every lab gets
 * its own key prefix, so suites sharing a redis-server never see each other's state. The password
 * hash cost is lowered (scrypt N = 2^10) so that a suite's many logins stay quick: the code path is
 * the same, only the work factor differs.
 */
export async function startLab({
  strategy,
  options,
  redisUrl,
  env = {},
  observe,
  weakened,
}: LabOptions): Promise<TestLab> {
  const config = loadConfig({
    AUTHLAB_SCRYPT_LOG_N: '10',
    AUTHLAB_LOGIN_MAX_FAILURES: '1000',
    AUTHLAB_KEY_PREFIX: `test-${randomUUID()}:`,
    ...(redisUrl && { REDIS_URL: redisUrl }),
    ...env,
  })
  const logs: string[] = []
  const server = await createLabServer({
    strategy,
    options,
    config,
    log: (line) => logs.push(line),
    ...(weakened && { weakened }),
  })
  const url = await server.listen(0, '127.0.0.1')
  const http = createHttpClient(url, observe)
  // The server listens before its Redis connection is up (it answers 503 meanwhile): give the
  // store a moment, so that a test's first request does not race the connection. Bounded, and
  // no failure here: a test about a missing store sees the 503 itself.
  for (let attempt = 0; attempt < 100 && (await http('GET', '/health')).status !== 200; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { url, server, http, logs, close: () => server.close(1000) }
}

/**
 * How a client presents the credential a login returned (the contract's `token_type` decides; the
 * harness's own credentialFrom does it), plus the session's CSRF token, which logout needs.
 */
export function credentialHeaders(login: LabResponse): Record<string, string> {
  const raw = login.headers['set-cookie']
  const credential = credentialFrom(login.json, Array.isArray(raw) ? raw : raw ? [raw] : [])
  return { ...credential.headers, ...(credential.csrfToken && { 'x-csrf-token': credential.csrfToken }) }
}

/** The session cookie's `name=value` from a login's Set-Cookie, ready to send back in a Cookie header. */
export function sessionCookie(login: LabResponse): string {
  const { cookie } = credentialHeaders(login)
  if (!cookie) throw new Error('the login set no session cookie')
  return cookie
}

export { ADMIN, ALICE } from '../../servers/core/demo-data.js'

export async function login(lab: TestLab, user: { username: string; password: string } = ALICE) {
  const response = await lab.http('POST', '/auth/login', { body: user })
  if (response.status !== 200) throw new Error(`login as ${user.username} failed: ${response.status} ${response.text}`)
  return { response, headers: credentialHeaders(response) }
}
