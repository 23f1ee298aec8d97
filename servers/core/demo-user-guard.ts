import { isIPv4 } from 'node:net'
import { DEFAULT_USERS, type LabConfig } from './config.js'

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.')) || /^::ffff:127\./i.test(host)

/**
 * The built-in demo users have their passwords in the README, and `admin` is an admin: offered on
 * an interface other machines reach, they are an open door. So they are only served on loopback,
 * unless AUTHLAB_DEMO_USERS=true says the network is the owner's alone (docker-compose, where the
 * container's 0.0.0.0 is published on the host's 127.0.0.1 only). Checked before anything binds.
 */
export function refuseExposedDemoUsers(config: LabConfig, host: string): void {
  if (config.users !== DEFAULT_USERS || config.demoUsersAnywhere || isLoopback(host)) return
  throw new TypeError(
    `refusing to offer the built-in demo users (published passwords, one an admin) on ${host || 'every interface'}: ` +
      'listen on loopback (HOST=127.0.0.1), set your own users with AUTHLAB_USERS, or set ' +
      'AUTHLAB_DEMO_USERS=true if only you can reach this address',
  )
}
