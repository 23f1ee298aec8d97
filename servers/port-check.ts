import { once } from 'node:events'
import { createServer } from 'node:net'

/** The server could not bind its address; the message says what to do. */
export class PortUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PortUnavailableError'
  }
}

/** A failed listen as one line that says what to do, instead of Node's stack; other errors as they are. */
export function listenError(error: unknown, port: number, host: string): unknown {
  switch ((error as { code?: string }).code) {
    case 'EADDRINUSE':
      return new PortUnavailableError(
        `port ${port} on ${host} is in use: stop what listens there, or pick another with --port N (0 picks a free one)`,
      )
    case 'EACCES':
      return new PortUnavailableError(
        `no permission to listen on ${host}:${port}: pick a port above 1023 with --port N`,
      )
    case 'EADDRNOTAVAIL':
      return new PortUnavailableError(`${host} is not an address of this machine: pick another with --host H`)
    default:
      return error
  }
}

/**
 * Binds the port for a moment and lets it go, so that a start doomed by a taken port fails before
 * seconds of password hashing. Port 0 (any free one) cannot be taken. Whoever grabs the port in
 * between still gets the same one-line error from the real listen.
 */
export async function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return
  const probe = createServer()
  probe.listen(port, host)
  try {
    await once(probe, 'listening')
  } catch (error) {
    throw listenError(error, port, host)
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
}
