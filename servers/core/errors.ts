import type { ServerResponse } from 'node:http'
import type { ErrorRequestHandler } from 'express'

/**
 * Every failure a client can cause is an AuthError (or a subclass): a stable `code`, an HTTP status
 * and a short title. The library error that caused it is kept as `cause` for the server log only:
 * library messages can reveal which check failed, or echo secrets, so they never reach a client.
 */
export class AuthError extends Error {
  readonly code: string
  readonly status: number
  readonly title: string
  readonly headers: Record<string, string>

  constructor(
    code: string,
    status: number,
    title: string,
    options: { detail?: string; cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    // No stack: an AuthError is an answer, not a bug. Where it was thrown tells a log nothing the
    // code does not (the library error behind it, kept as `cause`, has its own stack), and capturing
    // one was a measurable part of every refusal: about 10 us of V8 walking the stack, per 401.
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(options.detail ?? title, { cause: options.cause })
    Error.stackTraceLimit = limit
    this.name = 'AuthError'
    this.code = code
    this.status = status
    this.title = title
    this.headers = options.headers ?? {}
  }
}

// The catalogue of errors. One function each, so a strategy reads `throw invalidCredential()`.
/** The app adds the strategy's `WWW-Authenticate` challenge to this (and to every 401 of auth). */
export const missingCredential = () =>
  new AuthError('ERR_AUTH_MISSING', 401, 'Authentication required', { detail: 'No credential was presented.' })
export const invalidCredential = (cause?: unknown, detail = 'The credential is not valid.') =>
  new AuthError('ERR_AUTH_INVALID', 401, 'Invalid credential', { detail, cause })
export const expiredCredential = (cause?: unknown) =>
  new AuthError('ERR_AUTH_EXPIRED', 401, 'Credential expired', { detail: 'The credential has expired.', cause })
export const notYetValidCredential = (cause?: unknown) =>
  new AuthError('ERR_AUTH_NOT_YET_VALID', 401, 'Credential not yet valid', {
    detail: 'The credential is not valid yet.',
    cause,
  })
export const revokedCredential = () =>
  new AuthError('ERR_AUTH_REVOKED', 401, 'Credential revoked', { detail: 'The credential has been revoked.' })
export const wrongLogin = () =>
  new AuthError('ERR_LOGIN_FAILED', 401, 'Login failed', { detail: 'Unknown user or wrong password.' })
export const forbidden = (detail = 'You are not allowed to do this.') =>
  new AuthError('ERR_FORBIDDEN', 403, 'Forbidden', { detail })
export const csrfRejected = (detail: string) => new AuthError('ERR_CSRF', 403, 'Cross-site request refused', { detail })
export const badRequest = (detail: string, cause?: unknown) =>
  new AuthError('ERR_BAD_REQUEST', 400, 'Bad request', { detail, cause })
export const tooManyLogins = (retryAfterSeconds: number) =>
  new AuthError('ERR_TOO_MANY_LOGINS', 429, 'Too many failed logins', {
    detail: 'Too many failed logins from this client or for this account. Try again later.',
    headers: { 'Retry-After': String(retryAfterSeconds) },
  })
/** The password-hash queue is full: a flood of logins must not starve everything else. */
export const loginBusy = () =>
  new AuthError('ERR_LOGIN_BUSY', 503, 'Too many logins at once', {
    detail: 'The server is checking as many passwords as it will at once. Try again in a moment.',
    headers: { 'Retry-After': '1' },
  })
/**
 * This client's (or account's) logins still being hashed fill its failed-login limit: nothing has
 * failed yet, so this is no 429 with a window-long wait, only "busy, try again in a moment".
 */
export const loginsInFlight = () =>
  new AuthError('ERR_LOGIN_BUSY', 503, 'Too many logins at once', {
    detail: 'Logins from this client or for this account are still being checked. Try again in a moment.',
    headers: { 'Retry-After': '1' },
  })
/** A Secure cookie cannot be set over plain HTTP: a login there would "succeed" without one. */
export const httpsRequired = () =>
  new AuthError('ERR_HTTPS_REQUIRED', 403, 'HTTPS required', {
    detail: 'This server sets its session cookie only over HTTPS. Log in over HTTPS.',
  })
export const notFound = () => new AuthError('ERR_NOT_FOUND', 404, 'Not found', { detail: 'No such route.' })
/** The Host header names neither this machine's loopback nor a configured public name (DNS rebinding). */
export const misdirectedRequest = () =>
  new AuthError('ERR_MISDIRECTED_REQUEST', 421, 'Misdirected request', {
    detail: 'This server does not answer for that host name. Use localhost, or the name it was configured with.',
  })
/** revoke-all named a user this server does not have (a typo): nothing was revoked, and the admin must know. */
export const unknownUser = () =>
  new AuthError('ERR_UNKNOWN_USER', 404, 'Unknown user', {
    detail: 'No user has that name. Nothing was revoked.',
  })
/** A body the JSON parser did not read (another Content-Type): refused, never taken for "no body". */
export const unsupportedMediaType = () =>
  new AuthError('ERR_UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported media type', {
    detail: 'Send the body as JSON with Content-Type: application/json, or send no body. Nothing was done.',
  })
export const storeUnavailable = (cause?: unknown) =>
  new AuthError('ERR_STORE_UNAVAILABLE', 503, 'Store unavailable', {
    detail: 'A store this server needs is unreachable. Nothing was let through; try again later.',
    cause,
  })
/**
 * Durable revocation is on and no replica acknowledged the revocation in time (Redis WAIT). The
 * primary HAS it, but a failover now could bring the credential back: the client must not take the
 * logout as done, and retries (revocation is idempotent) until it gets 204.
 */
export const revocationNotReplicated = (cause?: unknown) =>
  new AuthError('ERR_REVOCATION_NOT_REPLICATED', 503, 'Revocation not yet durable', {
    detail: 'The revocation was written but no replica confirmed it in time. Retry the request.',
    cause,
    headers: { 'Retry-After': '1' },
  })

export const isStoreUnavailable = (error: unknown): boolean =>
  error instanceof AuthError && error.code === 'ERR_STORE_UNAVAILABLE'

/** RFC 9457 problem details; `code` repeats the type's last part for clients that switch on it. */
const problemBody = (error: AuthError) => ({
  type: `urn:authlab:problem:${error.code}`,
  title: error.title,
  status: error.status,
  detail: error.message,
  code: error.code,
})

/**
 * The problem+json answer. Written straight to Node's response, not through res.status().set()
 * .type().json(): those look up a MIME type, add a charset, and hash the body for an ETag (which a
 * 401 has no use for), and a refusal should cost no more than the check that refused. Headers set
 * before (WWW-Authenticate, Cache-Control, nosniff) stay. Also for a request Express's router never
 * took (its own final handler's).
 */
export function sendProblem(res: ServerResponse, error: AuthError): void {
  if (res.headersSent) return void res.end()
  const body = JSON.stringify(problemBody(error))
  res.writeHead(error.status, {
    ...error.headers,
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  })
  res.end(body)
}

/**
 * Runs a synchronous check whose failures are expected answers (jsonwebtoken's "invalid signature"):
 * the errors it throws carry no stack, for the reason AuthError has none. Synchronous only: a limit
 * left at 0 across an await would strip the stack of every other request's errors meanwhile.
 */
export function withoutStacks<T>(check: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return check()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** body-parser signals client mistakes with `type` and `status`; anything else is ours. */
function fromBodyParser(error: unknown): AuthError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined
  const { type } = error as { type: unknown }
  if (type === 'entity.too.large') {
    return new AuthError('ERR_BODY_TOO_LARGE', 413, 'Body too large', {
      detail: 'The body is over 10 KB.',
      cause: error,
    })
  }
  if (type === 'encoding.unsupported') {
    return new AuthError('ERR_UNSUPPORTED_ENCODING', 415, 'Unsupported body encoding', {
      detail: 'Send the body uncompressed (no Content-Encoding).',
      cause: error,
    })
  }
  if (typeof type === 'string' && 'status' in error && Number((error as { status: unknown }).status) < 500) {
    return badRequest('The body is not valid JSON.', error)
  }
  return undefined
}

/**
 * The one error handler. Known failures become problem+json with their status; an unexpected error
 * is logged with its stack on the server and answered with a bare 500 that says nothing more.
 */
export function createErrorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error)
    const known = error instanceof AuthError ? error : fromBodyParser(error)
    if (known) {
      if (known.status >= 500) log(`${known.code}: ${String(known.cause ?? known.message)}`)
      return sendProblem(res, known)
    }
    log(`unexpected error: ${error instanceof Error ? error.stack : String(error)}`)
    sendProblem(
      res,
      new AuthError('ERR_INTERNAL', 500, 'Internal error', { detail: 'Something went wrong on our side.' }),
    )
  }
}
