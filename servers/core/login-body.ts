import type { Request } from 'express'
import { badRequest, unsupportedMediaType } from './errors.js'

export interface LoginBody {
  readonly username: string
  readonly password: string
}

/**
 * express.json() lets arrays, `{"$ne": 1}` and `__proto__` keys through; we accept exactly one shape:
 * an object with two short strings and nothing else. We only ever read these two fields by name,
 * so nothing from the body is merged into another object (no prototype pollution).
 */
export function parseLoginBody(body: unknown): LoginBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Send a JSON object {"username": "...", "password": "..."} with Content-Type: application/json.')
  }
  const keys = Object.keys(body)
  const extra = keys.filter((key) => key !== 'username' && key !== 'password')
  if (extra.length > 0) throw badRequest('The login body may only have "username" and "password".')
  const { username, password } = body as Record<string, unknown>
  if (typeof username !== 'string' || username.length < 1 || username.length > 64) {
    throw badRequest('"username" must be a string of 1 to 64 characters.')
  }
  if (typeof password !== 'string' || password.length < 1 || password.length > 1024) {
    throw badRequest('"password" must be a string of 1 to 1024 characters.')
  }
  return { username, password }
}

/**
 * express.json() reads only `Content-Type: application/json`; any other body (text/plain, a form,
 * none named) is left unread and `req.body` stays undefined, exactly as if nothing was sent. A route
 * where "no body" has a meaning of its own must tell the two apart: revoke-all without a body means
 * "log out ME", so `{"username":"alice"}` sent as text/plain logged the admin out instead of alice,
 * and answered 204. A body is there when it has a length or is chunked (RFC 9112 §6.3).
 */
export function refuseUnreadBody(req: Request): void {
  const length = req.headers['content-length']
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0)
  if (hasBody && req.body === undefined) throw unsupportedMediaType()
}

/** `POST /auth/revoke-all` may name a user: `{"username": "alice"}`; an empty body means the caller. */
export function parseRevokeAllBody(body: unknown, caller: string): string {
  if (body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) return caller
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Send {"username": "..."} or no body.')
  const { username, ...rest } = body as Record<string, unknown>
  if (Object.keys(rest).length > 0 || typeof username !== 'string' || username.length < 1 || username.length > 64) {
    throw badRequest('"username" must be a string of 1 to 64 characters, and the only field.')
  }
  return username
}

/** `POST /auth/refresh` takes `{"refresh_token": "..."}`. */
export function parseRefreshBody(body: unknown): string {
  const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).refresh_token : undefined
  if (typeof token !== 'string' || token.length < 1 || token.length > 4096) {
    throw badRequest('Send {"refresh_token": "..."} as JSON.')
  }
  return token
}
