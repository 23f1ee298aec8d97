import { describe, expect, it } from 'vitest'
import { limiterClientKey } from './client-address.js'

describe('limiterClientKey: one counter per client, however its address is spelled', () => {
  it('spells one IPv6 address one way, and counts a whole /64 as one client', () => {
    const spellings = [
      '2001:db8::1',
      '2001:DB8::1',
      '2001:0db8::1',
      '2001:db8:0::1',
      '[2001:db8::1]',
      '2001:db8::1%eth0',
    ]
    const keys = new Set(spellings.map((spelling) => limiterClientKey(spelling, '10.0.0.1')))
    expect([...keys]).toEqual(['2001:db8:0:0::/64'])
    expect(limiterClientKey('2001:db8::ffff:1234', '10.0.0.1')).toBe('2001:db8:0:0::/64')
    expect(limiterClientKey('2001:db8:0:1::1', '10.0.0.1')).toBe('2001:db8:0:1::/64')
  })

  it('counts an IPv4-mapped IPv6 address as the IPv4 client it is', () => {
    expect(limiterClientKey('::ffff:192.0.2.7', '10.0.0.1')).toBe('192.0.2.7')
    expect(limiterClientKey('::ffff:c000:207', '10.0.0.1')).toBe('192.0.2.7')
    expect(limiterClientKey('192.0.2.7', '10.0.0.1')).toBe('192.0.2.7')
  })

  it('falls back to the socket peer when the forwarded value is no address (no new counter per lie)', () => {
    for (const garbage of ['garbage', '*', 'a'.repeat(6000), '', '1.2.3.256']) {
      expect(limiterClientKey(garbage, '::ffff:127.0.0.1')).toBe('127.0.0.1')
    }
    expect(limiterClientKey(undefined, undefined)).toBe('unknown')
  })
})
