import { once } from 'node:events'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { preBurst, SILENCE_MS } from './pre-burst.js'

describe('preBurst', () => {
  // Seen once under load: a server stopped from outside mid-run held a pre-burst, and the stage, for
  // good. A pre-burst never throws and never waits on a silent server for longer than SILENCE_MS.
  it('gives up on a server that accepts and never answers', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket)).listen(0, '127.0.0.1')
    await once(silent, 'listening')
    const { port } = silent.address() as AddressInfo
    try {
      const outcome = await Promise.race([
        preBurst({ url: `http://127.0.0.1:${port}/api/me`, method: 'GET', headers: {} }, 4, 0.2),
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), SILENCE_MS + 5000)),
      ])
      expect(outcome).toMatchObject({ rps: 0 })
    } finally {
      sockets.forEach((socket) => socket.destroy())
      silent.close()
    }
  }, 20_000)
})
