import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The attacker's side: a plain web server on another origin. It serves a page with a form that
 * posts to the victim API (`/attack?target=...`), and collects whatever an injected script sends it
 * (`/steal?d=...`). Loopback only: 127.0.0.1 on another port is the same site as the API (ports do
 * not count for SameSite), 127.0.0.2 is another site.
 */
export interface OtherOrigin {
  readonly url: string
  /** Every `d` the collector received, in order. */
  readonly received: string[]
  close(): Promise<void>
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

export async function startOtherOrigin(host: string): Promise<OtherOrigin> {
  const received: string[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin.invalid')
    if (url.pathname === '/steal') {
      received.push(url.searchParams.get('d') ?? '')
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks')
    } else if (url.pathname === '/attack') {
      const action = `${url.searchParams.get('target') ?? ''}/auth/logout`
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><title>a page elsewhere</title><form id="f" method="post" action="${escapeAttribute(action)}"></form>`,
        )
    } else {
      res.writeHead(404).end()
    }
  })
  server.listen(0, host)
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
