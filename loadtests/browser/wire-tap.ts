import { once } from 'node:events'
import { createServer, request, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A pass-through in front of the API that writes down the headers of every request it forwards:
 * whether the browser attached a cookie is read where it counts, on the wire. (Chromium's debugger
 * leaves cookies out of what it reports for some requests, such as a no-cors fetch or a form post.)
 * It forwards the Host header unchanged, so the server's own same-origin checks see what the
 * browser sent.
 */
export interface WireTap {
  /** What the browser uses as the API's address. */
  readonly url: string
  /** The headers of the last request forwarded for `method` and `path` (with its query). */
  lastRequest(method: string, path: string): IncomingHttpHeaders | undefined
  close(): Promise<void>
}

export async function startWireTap(target: string): Promise<WireTap> {
  const { hostname, port } = new URL(target)
  const seen: { method: string; path: string; headers: IncomingHttpHeaders }[] = []
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers })
    const upstream = request({ hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  server.listen(0, hostname)
  await once(server, 'listening')
  return {
    url: `http://${hostname}:${(server.address() as AddressInfo).port}`,
    lastRequest: (method, path) => seen.findLast((entry) => entry.method === method && entry.path === path)?.headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
