import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Request } from 'express'
import { csrfRejected } from '../core/errors.js'

/** A synchronizer token (OWASP CSRF Prevention): random per session, returned in the login body. */
export const newCsrfToken = () => randomBytes(32).toString('base64url')

/**
 * A browser attaches the session cookie to requests that other sites trigger, so a state-changing
 * request on a cookie session must prove it came from our own pages. Three checks, any one refuses:
 * the browser's own `Sec-Fetch-Site`, the `Origin` header, and the token only our page can read.
 */
export function assertSameSiteRequest(req: Request, expectedToken: string | undefined): void {
  const fetchSite = req.get('sec-fetch-site')
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw csrfRejected('The browser says this request came from another site.')
  }
  const origin = req.get('origin')
  if (origin !== undefined && origin !== `${req.protocol}://${req.get('host')}`) {
    throw csrfRejected('The Origin header names another site.')
  }
  const sent = Buffer.from(req.get('x-csrf-token') ?? '')
  const expected = Buffer.from(expectedToken ?? '')
  if (expected.length === 0 || sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw csrfRejected('Send the csrf_token from the login response in the X-CSRF-Token header.')
  }
}
