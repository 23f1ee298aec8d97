import { describe, expect, it } from 'vitest'
import { DEFAULT_USERS, loadConfig, parseUsers } from './config.js'

describe('loadConfig', () => {
  it('has defaults that work with no env at all, and no secrets', () => {
    const config = loadConfig({})
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379')
    expect(config.users).toBe(DEFAULT_USERS)
    expect(config.scryptLogN).toBe(17)
    expect(Object.values(config.secrets).every((secret) => secret === undefined)).toBe(true)
  })

  it('throws a TypeError that names the variable to fix', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/)
    expect(() => loadConfig({ AUTHLAB_SCRYPT_LOG_N: '4' })).toThrow(TypeError)
    expect(() => loadConfig({ AUTHLAB_SECURE_COOKIES: 'yes please' })).toThrow(/AUTHLAB_SECURE_COOKIES/)
    expect(() => loadConfig({ AUTHLAB_USERS: 'alice' })).toThrow(/AUTHLAB_USERS/)
  })

  it('takes whole numbers as digits only: no exponent, hex, sign, fraction or padding', () => {
    expect(loadConfig({ AUTHLAB_REQUEST_TIMEOUT_MS: '1000' }).requestTimeoutMs).toBe(1000)
    for (const raw of ['1e3', '0x3e8', '+1000', '1000.0', ' 1000', '1_000']) {
      expect(() => loadConfig({ AUTHLAB_REQUEST_TIMEOUT_MS: raw }), raw).toThrow(
        new TypeError(`AUTHLAB_REQUEST_TIMEOUT_MS must be a whole number from 100 to 300000, got "${raw}"`),
      )
    }
    expect(() => loadConfig({ AUTHLAB_LOGIN_WINDOW: '6e1' })).toThrow(/AUTHLAB_LOGIN_WINDOW must be a whole number/)
    expect(() => loadConfig({ AUTHLAB_TOKEN_TTL: '9e2' })).toThrow(/AUTHLAB_TOKEN_TTL must be a whole number/)
  })

  it('takes trust-proxy hop counts and proxy addresses, and refuses to trust every X-Forwarded-For', () => {
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(loadConfig({ AUTHLAB_TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(loadConfig({ AUTHLAB_TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
      'loopback',
    ])
    expect(loadConfig({ AUTHLAB_TRUST_PROXY: '10.0.0.0/8,10.0.0.0/255.0.0.0,fd00::/16' }).trustProxy).toHaveLength(3)
    const everyoneInPieces = ['0.0.0.0/1,128.0.0.0/1', '0.0.0.0/128.0.0.0', '64.0.0.0/7', '2000::/3']
    for (const everyone of ['true', 'TRUE', '0.0.0.0/0', '::/0', ...everyoneInPieces]) {
      expect(() => loadConfig({ AUTHLAB_TRUST_PROXY: everyone })).toThrow(TypeError)
      expect(() => loadConfig({ AUTHLAB_TRUST_PROXY: everyone })).toThrow(/AUTHLAB_TRUST_PROXY=1/)
    }
    expect(() => loadConfig({ AUTHLAB_TRUST_PROXY: '10.0.0.300' })).toThrow(/AUTHLAB_TRUST_PROXY/)
  })

  it('reads users as name:password:roles;...', () => {
    expect(parseUsers('bob:builder:user;root:toor:user,admin')).toEqual([
      { username: 'bob', password: 'builder', roles: ['user'] },
      { username: 'root', password: 'toor', roles: ['user', 'admin'] },
    ])
  })
})

describe('Redis Sentinel, durable revocation and replica name', () => {
  it('reads REDIS_SENTINELS with REDIS_SENTINEL_NAME, and refuses one without the other', () => {
    expect(loadConfig({}).redisSentinel).toBeUndefined()
    expect(
      loadConfig({ REDIS_SENTINELS: '127.0.0.1:26379, sentinel-2:26380', REDIS_SENTINEL_NAME: 'authlab' }),
    ).toMatchObject({
      redisSentinel: {
        name: 'authlab',
        nodes: [
          { host: '127.0.0.1', port: 26379 },
          { host: 'sentinel-2', port: 26380 },
        ],
      },
    })
    expect(() => loadConfig({ REDIS_SENTINELS: '127.0.0.1:26379' })).toThrow(/REDIS_SENTINEL_NAME/)
    expect(() => loadConfig({ REDIS_SENTINEL_NAME: 'authlab' })).toThrow(/REDIS_SENTINELS/)
    expect(() => loadConfig({ REDIS_SENTINELS: '127.0.0.1', REDIS_SENTINEL_NAME: 'a' })).toThrow(/host:port/)
    expect(() => loadConfig({ REDIS_SENTINELS: 'h:99999', REDIS_SENTINEL_NAME: 'a' })).toThrow(/host:port/)
  })

  it('takes a plain replica name only (it becomes a response header)', () => {
    expect(loadConfig({ AUTHLAB_REPLICA: 'jwt-1' }).replicaName).toBe('jwt-1')
    expect(() => loadConfig({ AUTHLAB_REPLICA: 'a\r\nSet-Cookie: x=1' })).toThrow(/AUTHLAB_REPLICA/)
    expect(loadConfig({ AUTHLAB_DURABLE_REVOCATION: 'true' }).durableRevocation).toBe(true)
    expect(loadConfig({}).durableRevocation).toBe(false)
  })
})
