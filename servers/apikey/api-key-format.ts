import { createHash, randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'

/**
 * authlab_<43 chars: 32 random bytes, base64url><6 chars: CRC32 of those, base64url>
 *
 * The prefix lets secret scanners (and people) recognise a leaked key; the checksum lets them, and
 * us, reject a mistyped or made-up key without a database lookup (GitHub's `ghp_` keys work so).
 * The checksum is not a security control: anyone can compute it. The 256 random bits are.
 */
export const API_KEY_PREFIX = 'authlab_'
const API_KEY_PATTERN = /^authlab_([A-Za-z0-9_-]{43})([A-Za-z0-9_-]{6})$/

function checksumOf(body: string): string {
  const sum = Buffer.alloc(4)
  sum.writeUInt32BE(crc32(body))
  return sum.toString('base64url')
}

export function newApiKey(): string {
  const body = randomBytes(32).toString('base64url')
  return `${API_KEY_PREFIX}${body}${checksumOf(body)}`
}

/** True when the key has our shape and its checksum matches. */
export function isWellFormedApiKey(key: string): boolean {
  const match = API_KEY_PATTERN.exec(key)
  return match !== null && checksumOf(match[1] ?? '') === match[2]
}

/**
 * What the store keeps instead of the key. A fast hash is right here (unlike for passwords): the
 * key has 256 random bits, so there is nothing to brute-force. Looking the hash up in Redis, rather
 * than comparing keys, also means no string comparison can leak timing about the key.
 */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex')
