import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../servers/core/config.js'
import { refuseExposedDemoUsers } from '../../servers/core/demo-user-guard.js'
import { createLabServer, type LabServer } from '../../servers/lab-server.js'

/**
 * The demo users' passwords are in the README, and one of them is an admin: a server that offers
 * them on an interface other machines can reach is an open door. So it refuses to listen anywhere
 * but loopback with them, unless AUTHLAB_DEMO_USERS=true says the owner knows. The refusal comes
 * before anything binds, so these tests never open a port beyond loopback.
 */
const servers: LabServer[] = []
async function serverWith(env: Record<string, string>): Promise<LabServer> {
  const config = loadConfig({ AUTHLAB_SCRYPT_LOG_N: '10', ...env })
  const server = await createLabServer({ strategy: 'none', config, log: () => {} })
  servers.push(server)
  return server
}
afterAll(() => Promise.all(servers.map((server) => server.close(100))))

describe('built-in demo users', () => {
  it.each(['0.0.0.0', '::', '192.0.2.10'])('are refused on %s', async (host) => {
    const server = await serverWith({})
    await expect(server.listen(0, host)).rejects.toThrow(/AUTHLAB_DEMO_USERS=true|AUTHLAB_USERS/)
    await expect(server.listen(0, host)).rejects.toBeInstanceOf(TypeError)
  })

  it.each(['127.0.0.1', 'localhost', '::1'])('are served on loopback (%s)', async (host) => {
    const server = await serverWith({})
    await expect(server.listen(0, host)).resolves.toMatch(/^http:/)
  })

  // Binding 0.0.0.0 is not needed to show these (and a test opens nothing beyond loopback).
  it('may be offered anywhere when AUTHLAB_DEMO_USERS=true says so, or replaced by AUTHLAB_USERS', () => {
    expect(() => refuseExposedDemoUsers(loadConfig({}), '0.0.0.0')).toThrow(TypeError)
    expect(() => refuseExposedDemoUsers(loadConfig({ AUTHLAB_DEMO_USERS: 'true' }), '0.0.0.0')).not.toThrow()
    expect(() => refuseExposedDemoUsers(loadConfig({ AUTHLAB_USERS: 'carol:passphrase:user' }), '::')).not.toThrow()
  })
})
