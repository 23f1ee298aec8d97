import { once } from 'node:events'
import { createServer, connect, type Socket } from 'node:net'

/**
 * A TCP relay that holds every byte from `targetPort` for `lagMs` before passing it on: a slow
 * replication link, made on purpose. Used between a replica and its primary, it makes a replica lag
 * behind by a known amount; when the primary dies, whatever the relay still holds is lost, exactly
 * as writes still in flight on a real congested link. Bytes the other way pass at once.
 */
export interface LagProxy {
  readonly port: number
  close(): Promise<void>
}

export async function startLagProxy(targetPort: number, lagMs: number): Promise<LagProxy> {
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    const timers = new Set<NodeJS.Timeout>()
    sockets.add(client).add(upstream)
    const end = () => {
      for (const timer of timers) clearTimeout(timer) // what is still held is lost
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('data', (chunk) => upstream.write(chunk))
    upstream.on('data', (chunk) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        client.write(chunk)
      }, lagMs)
      timers.add(timer)
    })
    for (const socket of [client, upstream]) {
      socket.on('error', end)
      socket.on('close', end)
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
