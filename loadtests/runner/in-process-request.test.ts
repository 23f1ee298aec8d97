import type { RequestListener } from 'node:http'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../servers/core/config.js'
import { createLabServer } from '../../servers/lab-server.js'
import { injectRequest } from './in-process-request.js'

describe('injectRequest', () => {
  it('drives the real app without a socket', async () => {
    const server = await createLabServer({
      strategy: 'none',
      config: loadConfig({ AUTHLAB_SCRYPT_LOG_N: '10' }),
      log: () => {},
    })
    const app = server.app as unknown as RequestListener
    try {
      const me = await injectRequest(app, { method: 'GET', url: '/api/me' })
      expect(me.status).toBe(200)
      expect(JSON.parse(me.body)).toMatchObject({ sub: 'anonymous' })
      expect(me.headers.get('content-type')?.[0]).toMatch(/application\/json/)
      expect((await injectRequest(app, { method: 'GET', url: '/no-such-route' })).status).toBe(404)
    } finally {
      await server.close(0)
    }
  })
})
