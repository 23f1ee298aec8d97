import { login, type Credential } from '../runner/credential.js'

/**
 * What the store experiments ask of a credential, over the contract alone: does the protected read
 * take it, does a refresh take its refresh token. Every call is bounded, so a server that never
 * answers is a status (0), not a hang.
 */
const TIMEOUT_MS = 5000

async function statusOf(url: string, init: RequestInit): Promise<number> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) })
    await response.arrayBuffer()
    return response.status
  } catch {
    return 0
  }
}

export const readStatus = (baseUrl: string, credential: Credential) =>
  statusOf(`${baseUrl}/api/me`, { headers: credential.headers })

export const refreshStatus = (baseUrl: string, refreshToken: string) =>
  statusOf(`${baseUrl}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  })

/** Logs out with the credential (the session's CSRF token too); resolves with what the server said it did. */
export async function logout(baseUrl: string, credential: Credential): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/logout`, {
    method: 'POST',
    headers: { ...credential.headers, ...(credential.csrfToken && { 'x-csrf-token': credential.csrfToken }) },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
  await response.arrayBuffer()
  if (response.status !== 204) throw new Error(`POST /auth/logout answered ${response.status}`)
  return response.headers.get('auth-revocation') ?? '-'
}

/** `count` logins of the demo user, one after the other (a login storm is not what is measured here). */
export async function loginMany(baseUrl: string, count: number): Promise<Credential[]> {
  const credentials: Credential[] = []
  for (let index = 0; index < count; index++) credentials.push(await login(baseUrl))
  return credentials
}

/** How many of `items` pass `check`, checked a few at a time. */
export async function countWhere<T>(items: readonly T[], check: (item: T) => Promise<boolean>): Promise<number> {
  let count = 0
  for (let index = 0; index < items.length; index += 8) {
    const answers = await Promise.all(items.slice(index, index + 8).map(check))
    count += answers.filter(Boolean).length
  }
  return count
}
