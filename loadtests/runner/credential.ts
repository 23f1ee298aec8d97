import { credentialCookieNames } from '../../servers/registry.js'
import { ALICE } from '../../servers/core/demo-data.js'

/** What a client got from a login, and the headers it must send to be recognised. */
export interface Credential {
  readonly tokenType: string
  readonly headers: Readonly<Record<string, string>>
  /** Bytes the credential adds to every request (header names, values and separators). */
  readonly bytes: number
  /** The session strategy's CSRF token: logout must carry it. */
  readonly csrfToken?: string
  /** The login's `expires_in`: how long the credential lives, in seconds. */
  readonly expiresInS: number
  /** Token strategies in refresh mode: what `POST /auth/refresh` takes. */
  readonly refreshToken?: string
}

interface LoginBody {
  token_type?: string
  access_token?: string
  api_key?: string
  csrf_token?: string
  expires_in?: number
  refresh_token?: string
}

/** Turns a login answer into request headers, following the contract's `token_type`. */
export function credentialFrom(body: LoginBody, setCookies: readonly string[]): Credential {
  const headers: Record<string, string> = {}
  switch (body.token_type) {
    case 'Bearer':
      if (!body.access_token) throw new Error('login said Bearer but sent no access_token')
      headers.authorization = `Bearer ${body.access_token}`
      break
    case 'ApiKey':
      if (!body.api_key) throw new Error('login said ApiKey but sent no api_key')
      headers['x-api-key'] = body.api_key
      break
    case 'Cookie': {
      // Only the name=value part goes back; attributes (Path, HttpOnly, ...) are for the client. The
      // names come from the registry: a Secure cookie may carry a `__Host-` prefix.
      const names = credentialCookieNames()
      const pairs = setCookies.map((line) => line.split(';')[0] ?? '')
      const cookie = pairs.find((pair) => names.includes(pair.slice(0, pair.indexOf('='))))
      if (!cookie) throw new Error(`login said Cookie but set none of the credential cookies (${names.join(', ')})`)
      headers.cookie = cookie
      break
    }
    case 'None':
      break
    default:
      throw new Error(`login answered an unknown token_type "${String(body.token_type)}"`)
  }
  const bytes = Object.entries(headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`),
    0,
  )
  return {
    tokenType: body.token_type,
    headers,
    bytes,
    expiresInS: body.expires_in ?? 0,
    ...(body.csrf_token && { csrfToken: body.csrf_token }),
    ...(body.refresh_token && { refreshToken: body.refresh_token }),
  }
}

/** Who logs in: the demo user, unless a targets file names another. */
export interface LoginUser {
  readonly username: string
  readonly password: string
}

/** Logs a user in (the demo user by default); throws with the status and body when the server refuses. */
export async function login(baseUrl: string, user: LoginUser = ALICE, attempts = 5): Promise<Credential> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    })
    const text = await response.text()
    if (response.status === 200) return credentialFrom(JSON.parse(text) as LoginBody, response.headers.getSetCookie())
    // 503 says "not now" (the store not ready yet, every hash slot busy on a loaded machine): wait as
    // the server asks, a little, as any good client would. Anything else is an answer.
    if (response.status !== 503 || attempt >= attempts)
      throw new Error(`POST /auth/login answered ${response.status}: ${text.slice(0, 200)}`)
    const retryAfterS = Math.min(2, Number(response.headers.get('retry-after')) || 1)
    await new Promise((resolve) => setTimeout(resolve, retryAfterS * 1000))
  }
}
