import { IncomingMessage, ServerResponse, type RequestListener } from 'node:http'
import type { Socket } from 'node:net'
import { Duplex } from 'node:stream'

export interface InProcessRequest {
  readonly method: string
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
}

export interface InProcessResponse {
  readonly status: number
  /** Lower-case name → every value sent under it. */
  readonly headers: ReadonlyMap<string, string[]>
  readonly body: string
}

function parseResponse(raw: string): InProcessResponse {
  const end = raw.indexOf('\r\n\r\n')
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n')
  const headers = new Map<string, string[]>()
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).toLowerCase()
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()])
  }
  if (headers.get('transfer-encoding')?.includes('chunked'))
    throw new Error('chunked responses are not supported in-process')
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(end + 4) }
}

/**
 * Calls the app directly with Node's own request and response objects over an in-memory socket:
 * no TCP, no HTTP parser, no event-loop hop, but the same code path through Express as a real
 * request, response headers included. What the in-process CPU experiment measures.
 */
export function injectRequest(app: RequestListener, request: InProcessRequest): Promise<InProcessResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = new Duplex({
      read() {},
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(Buffer.from(chunk))
        done()
      },
    }) as unknown as Socket
    // The login limiter keys on req.ip, which Express reads from here; a response that ends the
    // connection (error answers) calls destroySoon, which only net.Socket has.
    Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' })
    Object.defineProperty(socket, 'destroySoon', { value: () => socket.end() })

    const headers: Record<string, string> = { host: 'localhost', ...request.headers }
    const req = new IncomingMessage(socket)
    req.method = request.method
    req.url = request.url
    req.httpVersion = '1.1'
    req.httpVersionMajor = 1
    req.httpVersionMinor = 1
    req.rawHeaders = Object.entries(headers).flat()
    req.headers = headers
    // Node's parser fills this one too; built by hand it stays empty, and the server reads it.
    Object.defineProperty(req, 'headersDistinct', {
      value: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    })
    // Requests without a body only: a POST whose handler answers an error left the response hanging
    // in this harness, and the experiment needs nothing but reads.
    req.push(null)

    const res = new ServerResponse(req)
    res.assignSocket(socket)
    res.once('finish', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString('utf8')))
      } catch (error) {
        reject(error)
      }
    })
    res.once('error', reject)
    app(req, res)
  })
}
