import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { LabConfig } from '../core/config.js'
import { expiredCredential, invalidCredential, notYetValidCredential, withoutStacks } from '../core/errors.js'
import type { AuthStrategy, StrategyDeps, VariantOptions } from '../core/strategy.js'
import { labClaims, type TokenCodec, type TokenKind } from '../token/token-codec.js'
import { createTokenStrategy } from '../token/token-strategy.js'

export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number]
/**
 * How the HS256 secret reaches jsonwebtoken. `keyobject` is the default and the right way.
 * `string` is the anti-pattern many tutorials (and this project's first seeds) teach:
 * `jwt.verify(token, process.env.JWT_SECRET)`. It is correct but slow, and exists only so the
 * lab and docs/exercises/04-the-seeds-mistake.sh can measure how slow.
 */
export const JWT_KEY_FORMATS = ['keyobject', 'string'] as const
export type JwtKeyFormat = (typeof JWT_KEY_FORMATS)[number]

// RFC 9068 §2.1: access tokens say `typ: at+jwt`, so no other kind of JWT passes for one.
const TYP: Record<TokenKind, string> = { access: 'at+jwt', refresh: 'refresh+jwt' }

interface JwtKeys {
  readonly signing: KeyObject | string
  readonly verifying: KeyObject | string
}

function loadKeys(algorithm: JwtAlgorithm, secrets: LabConfig['secrets'], keyFormat: JwtKeyFormat): JwtKeys {
  if (algorithm === 'HS256') {
    const secret = secrets.jwtSecret ? Buffer.from(secrets.jwtSecret, 'base64') : randomBytes(32)
    // jsonwebtoken happily signs with a 1-byte secret; an HMAC key needs the hash's full 256 bits
    // of randomness or it can be brute-forced offline from any token (RFC 8725 §3.5).
    if (secret.length < 32)
      throw new TypeError('JWT_SECRET must be at least 32 random bytes, base64 encoded (openssl rand -base64 32)')
    // Hand jsonwebtoken a KeyObject, never a string. Given a string, jsonwebtoken 9 first tries to
    // parse it as a PEM public key and only falls back to HMAC when that throws: measured here that
    // failed parse makes verify ~40x slower (about 2k/s with a string, 80k/s with a KeyObject).
    if (keyFormat === 'string') {
      // THE ANTI-PATTERN, on request only: the secret's base64 text as the key, as in
      // `jwt.sign(claims, process.env.JWT_SECRET)`. Same 256 bits of randomness, same tokens
      // accepted and refused; only every sign and verify pays for the failed PEM parse.
      const text = secret.toString('base64')
      return { signing: text, verifying: text }
    }
    const key = createSecretKey(secret)
    return { signing: key, verifying: key }
  }
  const signing = secrets.jwtPrivateKey
    ? createPrivateKey(secrets.jwtPrivateKey)
    : algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
      : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  const expected = algorithm === 'RS256' ? 'rsa' : 'ec'
  if (signing.asymmetricKeyType !== expected)
    throw new TypeError(`JWT_PRIVATE_KEY must be an ${expected} key for ${algorithm}`)
  return { signing, verifying: createPublicKey(signing) }
}

const encodeJson = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * A check that header and payload are exactly the JSON we would have signed. JSON.parse keeps the
 * LAST of two members with one name (`"roles":["user"], ... "roles":["admin"]`), and a proxy or
 * gateway that reads the first one would see another token than we do. We only ever sign
 * JSON.stringify output, so anything else (duplicates, other spacing or escapes) is not ours,
 * signature or not.
 *
 * Compared as encoded text, which the profile showed costs half of decoding both parts again: the
 * header can only be one of the two we sign (one per kind), so it is compared with their encodings
 * computed once here; the payload is re-encoded from what jsonwebtoken parsed. This is stricter than
 * comparing decoded text, never looser: a non-canonical base64url spelling of our own JSON, or a
 * header with any extra member, is refused too.
 */
function createCanonicalCheck(algorithm: JwtAlgorithm) {
  const ourHeaders = new Set(Object.values(TYP).map((typ) => encodeJson({ alg: algorithm, typ })))
  const hasOurHeader = (token: string) => ourHeaders.has(token.slice(0, token.indexOf('.')))
  return {
    /**
     * Before any library work: a token whose header is not one we sign (garbage, another alg, a
     * typo) is refused for the price of a Set lookup, where jsonwebtoken would decode, parse and
     * throw an error with a stack first.
     */
    hasOurHeader,
    isCanonical(token: string, payload: object): boolean {
      const headerEnd = token.indexOf('.')
      const payloadEnd = token.indexOf('.', headerEnd + 1)
      return hasOurHeader(token) && token.slice(headerEnd + 1, payloadEnd) === encodeJson(payload)
    },
  }
}

export function createJwtCodec(
  algorithm: JwtAlgorithm,
  config: LabConfig,
  keyFormat: JwtKeyFormat = 'keyobject',
): TokenCodec {
  const keys = loadKeys(algorithm, config.secrets, keyFormat)
  const { hasOurHeader, isCanonical } = createCanonicalCheck(algorithm)
  return {
    // Only the anti-pattern is named, so every default variant reports what it always did.
    variant: keyFormat === 'string' ? { alg: algorithm, key_format: 'string (anti-pattern)' } : { alg: algorithm },

    async sign({ kind, ...claims }) {
      return jwt.sign(claims, keys.signing, {
        algorithm,
        issuer: config.issuer,
        audience: config.audience,
        header: { alg: algorithm, typ: TYP[kind] },
      })
    },

    async verify(token, expectedKind) {
      if (!hasOurHeader(token)) throw invalidCredential()
      let decoded: jwt.Jwt
      try {
        // withoutStacks: a bad signature or an expired token is an expected answer, and the error
        // jsonwebtoken builds for it would otherwise capture a stack nobody reads (see AuthError).
        decoded = withoutStacks(() =>
          jwt.verify(token, keys.verifying, {
            // Pinned: the token's own `alg` header never chooses how it is checked. This is what
            // stops `alg: none` and HS256-signed-with-the-RSA-public-key (RFC 8725 §2.1, §3.1).
            algorithms: [algorithm],
            issuer: config.issuer,
            audience: config.audience,
            clockTolerance: config.clockToleranceSeconds,
            complete: true,
          }),
        )
      } catch (error) {
        // Some malformed input makes jsonwebtoken throw SyntaxError or TypeError: all of it is a 401.
        if (error instanceof jwt.TokenExpiredError) throw expiredCredential(error)
        if (error instanceof jwt.NotBeforeError) throw notYetValidCredential(error)
        throw invalidCredential(error)
      }
      const { header, payload } = decoded
      if (typeof payload !== 'object' || !isCanonical(token, payload)) throw invalidCredential()
      // What jsonwebtoken leaves to us: it accepts a token with no `exp`, an `iat` in the future,
      // an unknown `crit` extension (RFC 7515 §4.1.11 says refuse), and any `typ`.
      if (header.typ !== TYP[expectedKind]) throw invalidCredential(undefined, 'Wrong kind of token.')
      if ('crit' in header) throw invalidCredential()
      if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') throw invalidCredential()
      if (payload.iat > Date.now() / 1000 + config.clockToleranceSeconds) throw invalidCredential()
      try {
        return { ...labClaims(payload, expectedKind), iat: payload.iat, exp: payload.exp }
      } catch (error) {
        throw invalidCredential(error)
      }
    },
  }
}

export function parseJwtAlgorithm(value: string | undefined): JwtAlgorithm {
  const algorithm = value ?? 'HS256'
  if (!(JWT_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new TypeError(`--alg must be one of ${JWT_ALGORITHMS.join(', ')}, got "${algorithm}"`)
  }
  return algorithm as JwtAlgorithm
}

export function parseJwtKeyFormat(value: string | undefined, algorithm: JwtAlgorithm): JwtKeyFormat {
  const format = value ?? 'keyobject'
  if (!(JWT_KEY_FORMATS as readonly string[]).includes(format))
    throw new TypeError(`--key-format must be one of ${JWT_KEY_FORMATS.join(', ')}, got "${format}"`)
  if (format === 'string' && algorithm !== 'HS256')
    throw new TypeError('--key-format string is the HS256 anti-pattern; RS256 and ES256 take PEM keys')
  return format as JwtKeyFormat
}

export function createJwtStrategy(options: VariantOptions, deps: StrategyDeps): Promise<AuthStrategy> {
  const algorithm = parseJwtAlgorithm(options.alg)
  const keyFormat = parseJwtKeyFormat(options.keyFormat, algorithm)
  if (keyFormat === 'string')
    deps.log('key-format string: the secret goes to jsonwebtoken as a string, THE ANTI-PATTERN (slow verify)')
  return createTokenStrategy('jwt', createJwtCodec(algorithm, deps.config, keyFormat), options, deps)
}
