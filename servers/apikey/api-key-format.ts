import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { crc32 } from 'node:zlib'

/**
 * authlab_<43 chars: 32 random bytes><11 chars: tag><6 chars: CRC32 of all before it>, base64url.
 *
 * The prefix lets secret scanners (and people) recognise a leaked key; the checksum lets them, and
 * us, reject a mistyped key without a database lookup (GitHub's `ghp_` keys work so). Anyone can
 * compute a CRC32, though, so a made-up key with a valid checksum used to cost a Redis lookup: a
 * flood of them reached the store. The tag closes that: the first 8 bytes of HMAC-SHA256 of the
 * random part under a server secret (APIKEY_SECRETS). Without the secret, a made-up key passes the
 * tag one time in 2^64, so garbage stops here. Neither is the security control: the 256 random bits
 * and the store are (a key is only valid while its record exists).
 */
export const API_KEY_PREFIX = 'authlab_'
const API_KEY_PATTERN = /^authlab_([A-Za-z0-9_-]{43})([A-Za-z0-9_-]{11})([A-Za-z0-9_-]{6})$/
const TAG_BYTES = 8

function checksumOf(text: string): string {
  const sum = Buffer.alloc(4)
  sum.writeUInt32BE(crc32(text))
  return sum.toString('base64url')
}

const tagOf = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest().subarray(0, TAG_BYTES).toString('base64url')

/** A key for this body under this secret: what only the server (or whoever holds the secret) can make. */
export function apiKeyFor(body: string, secret: string): string {
  const tagged = `${body}${tagOf(secret, body)}`
  return `${API_KEY_PREFIX}${tagged}${checksumOf(tagged)}`
}

export const newApiKey = (secret: string): string => apiKeyFor(randomBytes(32).toString('base64url'), secret)

/** True when the key has our shape and its checksum matches: what a secret scanner can check. */
export function isWellFormedApiKey(key: string): boolean {
  const match = API_KEY_PATTERN.exec(key)
  return match !== null && checksumOf(`${match[1]}${match[2]}`) === match[3]
}

/**
 * True when the key is well formed and its tag is one of ours (any of the secrets: the first
 * signs, the others are kept while keys made under them live). Costs a regex, a CRC32 and one
 * HMAC per secret; no store lookup.
 */
export function isOurApiKey(key: string, secrets: readonly string[]): boolean {
  const match = API_KEY_PATTERN.exec(key)
  if (match === null) return false
  const [, body = '', tag = '', checksum] = match
  if (checksumOf(`${body}${tag}`) !== checksum) return false
  // Compared as text, so only the canonical spelling passes; timingSafeEqual, since a comparison
  // that stops at the first wrong character would let a client find a valid tag by timing.
  const presented = Buffer.from(tag)
  return secrets.some((secret) => timingSafeEqual(Buffer.from(tagOf(secret, body)), presented))
}

/**
 * What the store keeps instead of the key. A fast hash is right here (unlike for passwords): the
 * key has 256 random bits, so there is nothing to brute-force. Looking the hash up in Redis, rather
 * than comparing keys, also means no string comparison can leak timing about the key.
 */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex')
