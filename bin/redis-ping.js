#!/usr/bin/env node
// Does a Redis answer at REDIS_URL (default redis://127.0.0.1:6379)? Exit 0 if it answers PING
// (an auth error is an answer too: something listens and speaks Redis), 1 if not. Plain Node, no
// dependencies: the doctor and the workshop exercises (docs/exercises/lib.sh) run it before npm ci.
import { connect } from 'node:net'

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

/** Resolves true when a Redis answers at `url` within `timeoutMs`. */
export function redisAnswers(url = process.env.REDIS_URL || DEFAULT_REDIS_URL, timeoutMs = 1500) {
  let host = '127.0.0.1'
  let port = 6379
  try {
    const parsed = new URL(url)
    host = parsed.hostname.replace(/^\[|\]$/g, '') || host
    port = Number(parsed.port) || port
  } catch {
    return Promise.resolve(false)
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (answer) => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (data) => done(/^[+-]/.test(data.toString())))
  })
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit((await redisAnswers()) ? 0 : 1)
