import { isIP } from 'node:net'

/**
 * Which X-Forwarded-For entries to believe, in Express's own forms: `false` (none: the socket's
 * address is the client), a hop count (the number of proxies in front of the server, so the entry
 * the last of them appended), or the addresses and ranges of those proxies. Never `true`: that
 * believes the leftmost entry, which the client writes itself.
 */
export type TrustProxy = false | number | readonly string[]

/** Express's names for the private ranges (proxy-addr): loopback, link-local, unique-local. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal']

const TRUST_EVERYONE = (value: string) =>
  `AUTHLAB_TRUST_PROXY=${value} would believe every X-Forwarded-For, which the client writes itself: each ` +
  'made-up value would be a new client to the login limiter. Set the number of proxies in front of the ' +
  'server (AUTHLAB_TRUST_PROXY=1) or their addresses (AUTHLAB_TRUST_PROXY=10.0.0.5,10.0.1.0/24 or loopback).'

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.includes(entry) || isIP(entry) !== 0) return true
  const [address = '', bits = '', ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (family === 4 && isIP(bits) === 4) return true // 10.0.0.0/255.0.0.0
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}

const MIN_PREFIX = { 4: 8, 6: 16 } as const

function isTooWide(entry: string): boolean {
  const [address = '', bits] = entry.split('/')
  if (bits === undefined) return false
  const family = isIP(address) as 4 | 6
  const prefix = isIP(bits) === 4 ? netmaskBits(bits) : Number(bits)
  return prefix < MIN_PREFIX[family]
}

/** 255.255.0.0 → 16: the mask's leading one bits. */
function netmaskBits(mask: string): number {
  const bits = mask
    .split('.')
    .map((octet) => Number(octet).toString(2).padStart(8, '0'))
    .join('')
  const firstZero = bits.indexOf('0')
  return firstZero === -1 ? 32 : firstZero
}

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim()
  if (value === '' || value === 'false' || value === '0') return false
  if (value.toLowerCase() === 'true') throw new TypeError(TRUST_EVERYONE(value))
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops > 10) throw new TypeError(`AUTHLAB_TRUST_PROXY must count at most 10 proxies, got ${value}`)
    return hops
  }
  const entries = value.split(',').map((entry) => entry.trim())
  const bad = entries.find((entry) => !isAddressOrRange(entry))
  if (bad !== undefined) {
    throw new TypeError(
      `AUTHLAB_TRUST_PROXY takes a number of proxies, or addresses and ranges (10.0.0.5, 10.0.1.0/24, loopback) separated by commas; "${bad}" is neither`,
    )
  }
  // A /0 range is `true` by another name, and so are a few wide ones (0.0.0.0/1,128.0.0.0/1): no
  // one's proxies need more than a /8 of IPv4 or a /16 of IPv6.
  if (entries.some(isTooWide)) throw new TypeError(TRUST_EVERYONE(value))
  return entries
}
