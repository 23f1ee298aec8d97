import { isIPv4 } from 'node:net'
import type { RequestHandler } from 'express'
import { badRequest, misdirectedRequest } from './errors.js'

/**
 * DNS rebinding: a page on `rebind.attacker.example` first resolves to the attacker's server, then,
 * once loaded, to 127.0.0.1. The browser still thinks it talks to the attacker's origin, so it lets
 * the page read every answer, and sends `Host: rebind.attacker.example:PORT` and a matching Origin.
 * The loopback-only demo users (README, "Demo users") are then one login away from any web page the
 * owner opens, and a cookie session's same-origin check (Origin against Host) passes.
 *
 * The attacker picks the name but cannot make a browser send a Host it does not own. So a request is
 * answered only when its Host names this server: a loopback name or address (any port), or one of
 * the public names the owner configured (AUTHLAB_PUBLIC_HOST). Anything else gets 421 Misdirected
 * Request (RFC 9110 §15.5.20) before any route runs, /health included.
 *
 * Only the Host header counts, never X-Forwarded-Host (a client writes that one). A request with no
 * Host at all is let through: Node refuses HTTP/1.1 without one (RFC 9112 §3.2), so only HTTP/1.0
 * gets here, which no browser sends and which balancers use for health checks (HAProxy's httpchk).
 */
export function createHostCheck(publicHosts: readonly string[]): RequestHandler {
  const allowed = new Set(publicHosts.map((name) => name.toLowerCase()))
  return (req, _res, next) => {
    const values = req.headersDistinct.host
    if (values === undefined) return next()
    // Two Host headers, or one that is no host[:port], is a malformed request (RFC 9112 §3.2).
    const name = values.length === 1 ? hostName(values[0] ?? '') : undefined
    if (name === undefined) throw badRequest('The Host header must be one host name or address, with a port or not.')
    if (!isLoopback(name) && !allowed.has(name)) throw misdirectedRequest()
    next()
  }
}

/** `name`, `name:port`, `[v6]` or `[v6]:port` → the name in lower case (brackets kept); else undefined. */
export function hostName(host: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i.exec(host)
  return match?.[1]?.toLowerCase()
}

/** localhost, 127.0.0.0/8 or [::1]: the names a browser only uses for this machine. */
export const isLoopback = (name: string): boolean =>
  name === 'localhost' || name === '[::1]' || (isIPv4(name) && name.startsWith('127.'))
