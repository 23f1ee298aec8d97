import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Whether a Cookie header carries the session cookie signed by one of the secrets, as
 * express-session signs it (cookie-signature: `s:<id>.<HMAC-SHA256 of the id, base64, no padding>`).
 * A filter in front of express-session, never the check itself: what passes is verified again
 * there. What fails would only get a new, empty session, which authenticate then refuses.
 */
export function createSignedCookieTest(name: string, secrets: readonly string[]): (header?: string) => boolean {
  const pattern = new RegExp(`(?:^|;)\\s*${name.replace(/[.]/g, '\\.')}=([^;]*)`)
  const signs = (id: string, mac: Buffer) =>
    secrets.some((secret) => {
      const expected = Buffer.from(createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, ''))
      return expected.length === mac.length && timingSafeEqual(expected, mac)
    })
  return (header) => {
    // The first cookie of that name, as express-session's parser reads it (quotes dropped, %-decoded).
    const raw =
      header === undefined
        ? undefined
        : pattern
            .exec(header)?.[1]
            ?.trim()
            .replace(/^"(.*)"$/, '$1')
    if (!raw) return false
    let value: string
    try {
      value = decodeURIComponent(raw)
    } catch {
      return false
    }
    const dot = value.lastIndexOf('.')
    if (!value.startsWith('s:') || dot < 3) return false
    return signs(value.slice(2, dot), Buffer.from(value.slice(dot + 1)))
  }
}
