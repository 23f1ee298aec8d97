import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'

/** One request of a timeline: which replica, when it left, when its answer came, what it was. */
export interface TimelineRecord {
  readonly replica: number
  /** Milliseconds on the run's clock (performance.now()). */
  readonly sentAt: number
  readonly receivedAt: number
  /** HTTP status, or 0 for a network error. */
  readonly status: number
  /** A 401 that said the credential expired (ERR_AUTH_EXPIRED): expiry at work, not revocation. */
  readonly expired: boolean
  /** For anything but a 2xx: the problem's `code`, or the network error (ECONNRESET, ...). */
  readonly failure?: string
}

/** The `code` of a problem+json body, or its first characters when it is something else. */
function failureOf(status: number, body: string): string {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code
    if (typeof code === 'string') return code
  } catch {
    // Not JSON: say what it was instead.
  }
  return `${status} ${body.slice(0, 80)}`.trim()
}

export interface TimedRequest {
  readonly url: string
  readonly agent: Agent | undefined
  readonly headers: Readonly<Record<string, string>>
  /** Kept in the record: the replica it went to, or whatever index the caller counts by. */
  readonly replica: number
  /** Give up after this long: the record gets status 0 and failure `NO_ANSWER`. Default: wait. */
  readonly giveUpMs?: number
  /**
   * Behind a balancer: the replica comes from the answer's `X-Authlab-Replica` header instead (the
   * index this returns; -1 for an answer that named none, e.g. a network error).
   */
  readonly replicaOf?: ((header: string | undefined) => number) | undefined
}

export const NO_ANSWER = 'NO_ANSWER'

/** One GET, timed on the run's clock; never rejects (a network error is status 0 with its code). */
export function timedRequest({
  url,
  agent,
  headers,
  replica,
  giveUpMs,
  replicaOf,
}: TimedRequest): Promise<TimelineRecord> {
  return new Promise<TimelineRecord>((resolve) => {
    const sentAt = performance.now()
    let timer: NodeJS.Timeout | undefined
    let answeredBy = replicaOf ? -1 : replica
    const done = (status: number, failure?: string) => {
      clearTimeout(timer)
      resolve({
        replica: answeredBy,
        sentAt,
        receivedAt: performance.now(),
        status,
        expired: failure === 'ERR_AUTH_EXPIRED',
        ...(failure !== undefined && { failure }),
      })
    }
    const req = request(url, { agent, headers }, (res) => {
      const status = res.statusCode ?? 0
      if (replicaOf) answeredBy = replicaOf(res.headers['x-authlab-replica'] as string | undefined)
      // Only a refusal's body matters (why was it refused?); others are drained to reuse the socket.
      if (status >= 200 && status < 300) {
        res.resume().on('end', () => done(status))
        return
      }
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
      res.on('end', () => done(status, failureOf(status, body)))
    })
    req.on('error', (error: NodeJS.ErrnoException) =>
      done(0, error.message === NO_ANSWER ? NO_ANSWER : (error.code ?? error.message)),
    )
    if (giveUpMs !== undefined) timer = setTimeout(() => req.destroy(new Error(NO_ANSWER)), giveUpMs)
    req.end()
  })
}

export interface TimelineLoad {
  readonly records: readonly TimelineRecord[]
  /** Ask the workers to stop after their current request; resolves when they have. */
  stop(): Promise<void>
}

export interface TimelineOptions {
  /** Base URLs of the replicas; requests go round-robin over them. */
  readonly targets: readonly string[]
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  /** Concurrent requests in flight. */
  readonly connections: number
  /** Requests per second over all connections: steady, not flat out, so latency stays honest. */
  readonly ratePerSecond: number
  /** Behind a balancer (one target): which replica answered, from its header (see TimedRequest). */
  readonly replicaOf?: (header: string | undefined) => number
}

/**
 * The revocation experiment's own client. autocannon counts and histograms; this one keeps every
 * request (send time, receive time, status, replica), which is what "how long did the revoked
 * credential keep working, on each replica" needs.
 */
export function startTimelineLoad({
  targets,
  path,
  headers,
  connections,
  ratePerSecond,
  replicaOf,
}: TimelineOptions): TimelineLoad {
  const records: TimelineRecord[] = []
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: connections }))
  const intervalMs = (1000 * connections) / ratePerSecond
  let running = true
  let next = 0

  const send = (replica: number) =>
    timedRequest({ url: `${targets[replica]}${path}`, agent: agents[replica], headers, replica, replicaOf })

  const worker = async () => {
    while (running) {
      const replica = next++ % targets.length
      const started = performance.now()
      records.push(await send(replica))
      const wait = intervalMs - (performance.now() - started)
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    }
  }
  const workers = Array.from({ length: connections }, worker)

  return {
    records,
    async stop() {
      running = false
      await Promise.all(workers)
      for (const agent of agents) agent.destroy()
    },
  }
}
