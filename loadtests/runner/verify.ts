import { login, type Credential, type LoginUser } from './credential.js'

/** One contract check and what it found. */
export interface Check {
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

export interface Verification {
  readonly passed: boolean
  readonly checks: readonly Check[]
}

/**
 * The gate before any load (TechEmpower's verify stage): a server that does not keep the contract
 * is reported as failed and never benchmarked, because a fast wrong answer is not a result.
 * `authenticates` is false only for the `none` baseline, which has no credential to refuse.
 */
export async function verifyServer(
  baseUrl: string,
  strategy: string,
  authenticates: boolean,
  user?: LoginUser,
): Promise<Verification> {
  const checks: Check[] = []
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail })
    return ok
  }
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}${path}`, { headers })

  try {
    const health = await get('/health')
    const body = (await health.json()) as { status?: string; strategy?: string }
    check(
      'health',
      health.status === 200 && body.strategy === strategy,
      `GET /health: ${health.status}, strategy ${body.strategy}`,
    )

    let credential: Credential
    try {
      credential = await login(baseUrl, user)
      check('login', true, `POST /auth/login: 200, token_type ${credential.tokenType}`)
    } catch (error) {
      check('login', false, (error as Error).message)
      return { passed: false, checks }
    }

    const me = await get('/api/me', credential.headers)
    const meBody = (await me.json()) as { sub?: unknown }
    check(
      'protected read',
      me.status === 200 && typeof meBody.sub === 'string',
      `GET /api/me with credential: ${me.status}`,
    )
    const items = await get('/api/items', credential.headers)
    const itemsBody = (await items.json()) as { items?: unknown }
    check(
      'realistic read',
      items.status === 200 && Array.isArray(itemsBody.items),
      `GET /api/items with credential: ${items.status}`,
    )

    const anonymous = await get('/api/me')
    await anonymous.arrayBuffer()
    const expected = authenticates ? 401 : 200
    check(
      'no credential',
      anonymous.status === expected,
      `GET /api/me without credential: ${anonymous.status} (expected ${expected})`,
    )

    const logout = await fetch(`${baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { ...credential.headers, ...(credential.csrfToken && { 'x-csrf-token': credential.csrfToken }) },
    })
    await logout.arrayBuffer()
    const effect = logout.headers.get('auth-revocation') ?? ''
    if (
      check(
        'logout',
        logout.status === 204 && effect !== '',
        `POST /auth/logout: ${logout.status}, Auth-Revocation: ${effect || '(missing)'}`,
      )
    ) {
      const after = await get('/api/me', credential.headers)
      await after.arrayBuffer()
      // What logout promised must be what happens: `immediate` refuses at once, `none` keeps working
      // (the contract says so openly), `deferred` may go either way until its window ends.
      const allowed = effect === 'immediate' ? [401] : effect === 'none' ? [200] : [200, 401]
      check('after logout', allowed.includes(after.status), `GET /api/me after logout (${effect}): ${after.status}`)
    }
  } catch (error) {
    check('reachable', false, `request failed: ${(error as Error).message}`)
  }
  return { passed: checks.every((entry) => entry.ok), checks }
}
