import type { Request } from 'express'
import { AuthError, invalidCredential } from './errors.js'

/** Longer than any token this lab issues, far shorter than what would cost us work to parse. */
export const MAX_CREDENTIAL_LENGTH = 4096

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * The one header of a request, or undefined. Node folds two `Authorization` headers into the first
 * one and drops the second silently (and joins two custom headers with ", "): a proxy and this server
 * could then disagree about which credential was sent. So any repeat is refused outright.
 */
export function singleHeader(req: Request, name: string): string | undefined {
  const values = req.headersDistinct[name]
  if (!values || values.length === 0) return undefined
  if (values.length > 1) throw invalidCredential(undefined, `More than one ${name} header was sent.`)
  return values[0]
}

/** `Authorization: Bearer <token>`; the scheme name is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(req: Request): string | undefined {
  const header = singleHeader(req, 'authorization')
  if (header === undefined) return undefined
  const match = /^([A-Za-z]+) (.+)$/.exec(header)
  if (!match || match[1]?.toLowerCase() !== 'bearer') {
    throw invalidCredential(undefined, 'The Authorization header must use the Bearer scheme.')
  }
  const token = match[2] ?? ''
  if (token.length > MAX_CREDENTIAL_LENGTH || !B64TOKEN.test(token)) throw invalidCredential()
  return token
}

const QUERY_CREDENTIALS = ['access_token', 'api_key', 'apikey', 'token', 'sid']

/**
 * Checks made before any strategy looks at the request, for every strategy alike:
 * - two Authorization headers are refused even where the strategy reads a cookie, since a proxy in
 *   front may act on the one Node drops;
 * - credentials in a URL end up in access logs, browser history and Referer headers (OWASP REST
 *   Security), so a request that carries one in its query string is refused, whatever else it has.
 */
export function refuseAmbiguousCredentials(req: Request): void {
  singleHeader(req, 'authorization')
  // Only the query string, read without `new URL()`: an absolute-form target (`GET http://1.2.3.256/
  // api/me`, RFC 9112 §3.2.2) can name a host URL() refuses, and a client's input must never be a 500.
  // No '?', no query string, nothing to refuse: the profile showed the URL parse as the biggest piece
  // of our own code on every hot read, and nearly every request has no query.
  const queryStart = req.originalUrl.indexOf('?')
  if (queryStart < 0) return
  const query = new URLSearchParams(req.originalUrl.slice(queryStart + 1))
  const found = QUERY_CREDENTIALS.find((name) => query.has(name))
  if (found) {
    throw new AuthError('ERR_AUTH_IN_QUERY', 401, 'Credential in query string', {
      detail: `Send credentials in headers, never in the URL (found "${found}").`,
    })
  }
}
