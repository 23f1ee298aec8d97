import { Agent, request } from 'node:http'
import type { PreBurst } from '../results/results-types.js'

export interface PreBurstRequest {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

/**
 * Unmeasured load for `seconds` on `connections` keep-alive connections, each sending the next
 * request as soon as the last one is answered. Why not autocannon: it ends a run only on its
 * one-second tick, so `duration: 0.25` loads for a whole second (measured here: 0.1, 0.25 and 0.5
 * all ran 1.0 s), and a pre-burst would cost as much as the burst it prepares.
 * Never throws: a pre-burst that fails only means the measured burst after it finds out.
 */
export async function preBurst(target: PreBurstRequest, connections: number, seconds: number): Promise<PreBurst> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const startedAt = performance.now()
  const deadline = startedAt + seconds * 1000
  let answered = 0
  const once = () =>
    new Promise<boolean>((resolve) => {
      const outgoing = request(target.url, { method: target.method, headers: target.headers, agent }, (response) => {
        response.resume()
        response.on('end', () => resolve(true))
        response.on('error', () => resolve(false))
      })
      outgoing.on('error', () => resolve(false))
      outgoing.end(target.body)
    })
  const loop = async () => {
    while (performance.now() < deadline) {
      if (!(await once())) return
      answered += 1
    }
  }
  await Promise.all(Array.from({ length: connections }, loop))
  agent.destroy()
  const duration = (performance.now() - startedAt) / 1000
  return { duration_s: Math.round(duration * 1000) / 1000, rps: duration > 0 ? answered / duration : 0 }
}
