import { request } from 'node:http'

export interface LabResponse {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: any // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read what they assert
}

export interface RequestOptions {
  /** A string[] value sends the header several times, which fetch() cannot do. */
  readonly headers?: Readonly<Record<string, string | string[]>>
  /** An object is sent as JSON; a string or Buffer as is. */
  readonly body?: unknown
}

/** Called with every response, so a suite can check each one against the OpenAPI contract. */
export type ResponseObserver = (response: LabResponse) => void

/** A raw node:http client: full control over headers and body, nothing normalised behind our back. */
export function createHttpClient(baseUrl: string, observe?: ResponseObserver) {
  return function send(method: string, path: string, options: RequestOptions = {}): Promise<LabResponse> {
    const url = new URL(path, baseUrl)
    const { body } = options
    const payload =
      body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = request(url, { method })
      if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) {
        req.setHeader('content-type', 'application/json')
      }
      for (const [name, value] of Object.entries(options.headers ?? {})) req.setHeader(name, value)
      req.on('error', reject)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = text ? JSON.parse(text) : undefined
          } catch {
            json = undefined
          }
          const response = { method, path: url.pathname, status: res.statusCode ?? 0, headers: res.headers, text, json }
          observe?.(response)
          resolve(response)
        })
      })
      req.end(payload)
    })
  }
}

export type HttpClient = ReturnType<typeof createHttpClient>
