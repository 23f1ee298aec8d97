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

/**
 * Query parameter names that carry a credential somewhere, compared lower-case (query names are
 * case-sensitive to a server, not to whoever pastes a token into one): the OAuth 2.0 ones (RFC 6750
 * §2.3 `access_token`), the headers and cookies our own strategies use, and the usual spellings of
 * "key" and "session". The app adds the credential cookies of every registered strategy.
 */
export const QUERY_CREDENTIAL_NAMES: readonly string[] = [
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'jwt',
  'bearer',
  'auth',
  'authorization',
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'sid',
  'session',
  'session_id',
  'sessionid',
  'password',
]

/**
 * What our credentials look like, whatever they are called: a JWT (base64url of `{"`), a PASETO, an
 * API key (its prefix is there for scanners, so we are one), a signed session cookie (`s:` once
 * decoded, `s%3A` when sent encoded twice). A bare `?<jwt>` is a name with no value: both are checked.
 */
const CREDENTIAL_SHAPE = /^(eyJ|v[1-4]\.(public|local)\.|authlab_|s:|s%3[Aa])/

/** Whether a query name or value (decoded) looks like one of our credentials. */
export const looksLikeCredential = (text: string): boolean => CREDENTIAL_SHAPE.test(text)

/** The query check's list: the names above plus `cookieNames`, lower-case, ready for `has()`. */
export function queryCredentialNames(cookieNames: readonly string[] = []): ReadonlySet<string> {
  return new Set([...QUERY_CREDENTIAL_NAMES, ...cookieNames].map((name) => name.toLowerCase()))
}

const DEFAULT_NAMES = queryCredentialNames()

/**
 * Checks made before any strategy looks at the request, for every strategy alike:
 * - two Authorization headers are refused even where the strategy reads a cookie, since a proxy in
 *   front may act on the one Node drops;
 * - credentials in a URL end up in access logs, browser history and Referer headers (OWASP REST
 *   Security), so a request that carries one in its query string is refused, whatever else it has:
 *   by name (any case) or by shape (a token under a name we did not think of, or no name at all).
 */
export function refuseAmbiguousCredentials(req: Request, names: ReadonlySet<string> = DEFAULT_NAMES): void {
  singleHeader(req, 'authorization')
  // Only the query string, read without `new URL()`: an absolute-form target (`GET http://1.2.3.256/
  // api/me`, RFC 9112 §3.2.2) can name a host URL() refuses, and a client's input must never be a 500.
  // No '?', no query string, nothing to refuse: the profile showed the URL parse as the biggest piece
  // of our own code on every hot read, and nearly every request has no query.
  const queryStart = req.originalUrl.indexOf('?')
  if (queryStart < 0) return
  for (const [name, value] of new URLSearchParams(req.originalUrl.slice(queryStart + 1))) {
    const found = names.has(name.toLowerCase())
      ? `a parameter named "${name.slice(0, 32)}"`
      : looksLikeCredential(name) || looksLikeCredential(value)
        ? 'a value shaped like a credential'
        : undefined
    if (found) {
      throw new AuthError('ERR_AUTH_IN_QUERY', 401, 'Credential in query string', {
        detail: `Send credentials in headers, never in the URL (found ${found}).`,
      })
    }
  }
}
