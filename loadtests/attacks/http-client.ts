import { request } from 'node:http'
import { performance } from 'node:perf_hooks'

export interface LabResponse {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: any // eslint-disable-line @typescript-eslint/no-explicit-any -- callers read what they assert
  /** From the request's first byte sent to the response's last byte received. */
  readonly ms: number
}

export interface RequestOptions {
  /** A string[] value sends the header several times, which fetch() cannot do. */
  readonly headers?: Readonly<Record<string, string | string[]>>
  /** An object is sent as JSON; a string or Buffer as is. */
  readonly body?: unknown
  /** Fail the request (reject) after this long; a server that hangs on an attack is a finding. */
  readonly timeoutMs?: number
  /** Send from this loopback address (127.0.0.2 …): one machine playing many clients. */
  readonly localAddress?: string
}

/** Called with every response, so a suite can check each one against the OpenAPI contract. */
export type ResponseObserver = (response: LabResponse) => void

/**
 * A raw node:http client: full control over headers and body, nothing normalised behind our back.
 * The attack suite needs exactly that (two Authorization headers, a 20 KB header, a body that is not
 * JSON), and the tests use the same client, so what the tests prove is what the CLI runs.
 */
export function createHttpClient(baseUrl: string, observe?: ResponseObserver) {
  return function send(method: string, path: string, options: RequestOptions = {}): Promise<LabResponse> {
    // An absolute-form target (`http://host/path`, RFC 9112 §3.2.2) goes out as written, to baseUrl.
    const absoluteForm = /^[a-z][a-z0-9+.-]*:\/\//i.test(path)
    const url = absoluteForm ? new URL(baseUrl) : new URL(path, baseUrl)
    const { body, timeoutMs = 30_000 } = options
    const payload =
      body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const started = performance.now()
      const req = request(url, {
        method,
        ...(absoluteForm && { path }),
        ...(options.localAddress && { localAddress: options.localAddress }),
      })
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) {
        req.setHeader('content-type', 'application/json')
      }
      for (const [name, value] of Object.entries(options.headers ?? {})) req.setHeader(name, value)
      req.on('error', reject)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = text ? JSON.parse(text) : undefined
          } catch {
            json = undefined
          }
          const ms = performance.now() - started
          const response = {
            method,
            path: absoluteForm ? path : url.pathname,
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            ms,
          }
          observe?.(response)
          resolve(response)
        })
      })
      req.end(payload)
    })
  }
}

export type HttpClient = ReturnType<typeof createHttpClient>
