/**
 * `authlab serve` with no Redis: the server starts anyway and answers 503 until one comes up (see
 * servers/core/redis.ts), but a newcomer saw only "unreachable" and a 503 login. This says, once at
 * start, which strategies need Redis and how to start one.
 */
import { connect } from 'node:net'
import { strategyEntry, strategyNames } from '../../servers/registry.js'
import { wrap } from '../report/conclusions.js'

/** Whether something accepts a TCP connection at the Redis URL's host and port within `timeoutMs`. */
export function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
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
    const done = (answered: boolean) => {
      socket.destroy()
      resolve(answered)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** The strategies that need Redis with their default options (jwt too: its login limiter lives there). */
export const strategiesNeedingRedis = (): string[] =>
  strategyNames().filter((name) => strategyEntry(name).needsRedis({}))

export function redisHint(url: string, needing: readonly string[]): string {
  return [
    ...wrap(
      `No Redis answers at ${url}, and ${needing.join(', ')} ${needing.length === 1 ? 'needs' : 'need'} one (the login limiter lives there, a JWT's too; only none and session --store memory do without). Start one:`,
    ),
    '  redis-server --daemonize yes   (sudo apt-get install redis-server)',
    '  docker compose up -d redis     (then REDIS_URL=redis://127.0.0.1:6379)',
    ...wrap('or set REDIS_URL to one you have. The server starts anyway: it answers 503 until Redis is up.'),
  ].join('\n')
}
