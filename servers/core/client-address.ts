import { isIP } from 'node:net'

/**
 * The login limiter's name for a client: one spelling per address, and one per IPv6 /64.
 *
 * Behind a trusted proxy, `req.ip` is whatever that proxy wrote in X-Forwarded-For, as text. Counted
 * as text, `2001:db8::1`, `2001:DB8::1` and `2001:0db8::1` would be three clients for one address,
 * and any garbage a new one. And one IPv6 host usually holds a whole /64 (2^64 addresses): counted
 * per address, it could give every guess a fresh counter. So IPv4 counts per address, IPv6 per /64,
 * and a value that is no address at all falls back to the socket's peer (the proxy itself).
 */
export function limiterClientKey(forwarded: string | undefined, socketPeer: string | undefined): string {
  return canonicalClient(forwarded) ?? canonicalClient(socketPeer) ?? 'unknown'
}

function canonicalClient(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  const address = raw
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '') // brackets, zone id
  const family = isIP(address)
  if (family === 4) return address
  if (family !== 6) return undefined
  const groups = expandIPv6(address)
  // An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is the IPv4 client it maps.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.')
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)))
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
}
