import * as http from 'node:http'
import * as https from 'node:https'
import type { PreBurst } from '../results/results-types.js'

export interface PreBurstRequest {
  readonly url: string
  /** Replicas: connection i goes to urls[i % length] (as autocannon spreads them). */
  readonly urls?: readonly string[]
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

/** How long a pre-burst request may go without a byte from the server before it gives up. */
export const SILENCE_MS = 3000

/**
 * Unmeasured load for `seconds` on `connections` keep-alive connections, each sending the next
 * request as soon as the last one is answered. Why not autocannon: it ends a run only on its
 * one-second tick, so `duration: 0.25` loads for a whole second (measured here: 0.1, 0.25 and 0.5
 * all ran 1.0 s), and a pre-burst would cost as much as the burst it prepares.
 * Never throws: a pre-burst that fails only means the measured burst after it finds out.
 */
export async function preBurst(target: PreBurstRequest, connections: number, seconds: number): Promise<PreBurst> {
  // A target the lab did not start may be behind TLS (`--targets`); the lab's own servers are not.
  const { Agent, request } = target.url.startsWith('https:') ? https : http
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const startedAt = performance.now()
  const deadline = startedAt + seconds * 1000
  let answered = 0
  const urls = target.urls ?? [target.url]
  const once = (url: string) =>
    new Promise<boolean>((resolve) => {
      const outgoing = request(url, { method: target.method, headers: target.headers, agent }, (response) => {
        response.resume()
        response.on('end', () => resolve(true))
        response.on('error', () => resolve(false))
        response.on('close', () => resolve(false)) // cut before its end; after it, a no-op
      })
      // A server that stops answering (stalled, or stopped from outside) must not hang the run: the
      // connection gives up after SILENCE_MS without a byte, and the measured burst finds out.
      outgoing.setTimeout(SILENCE_MS, () => {
        outgoing.destroy()
        resolve(false)
      })
      outgoing.on('error', () => resolve(false))
      outgoing.end(target.body)
    })
  const loop = async (url: string) => {
    while (performance.now() < deadline) {
      if (!(await once(url))) return
      answered += 1
    }
  }
  await Promise.all(Array.from({ length: connections }, (_, index) => loop(urls[index % urls.length] as string)))
  agent.destroy()
  const duration = (performance.now() - startedAt) / 1000
  return { duration_s: Math.round(duration * 1000) / 1000, rps: duration > 0 ? answered / duration : 0 }
}
