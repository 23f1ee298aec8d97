import { PublicProtocol } from 'paseto'
import {
  ExportSecretKeyFactory,
  GenerateKeyPairFactory,
  GetPublicKeyFactory,
  ImportSecretKeyFactory,
  SignFactory,
  VerifyFactory,
  type PublicKey,
  type SecretKey,
} from 'paseto/v4/public'
import type { LabConfig } from '../core/config.js'
import { expiredCredential, invalidCredential, notYetValidCredential, withoutStacks } from '../core/errors.js'
import type { AuthStrategy, StrategyDeps, VariantOptions } from '../core/strategy.js'
import { labClaims, type TokenCodec } from '../token/token-codec.js'
import { createTokenStrategy } from '../token/token-strategy.js'

const v4 = new PublicProtocol(
  ExportSecretKeyFactory,
  GenerateKeyPairFactory,
  GetPublicKeyFactory,
  ImportSecretKeyFactory,
  SignFactory,
  VerifyFactory,
)

// The lab's tokens carry no footer. Pinning the empty footer makes the verifier refuse a token that
// has one: paseto does not check the footer unless told what to expect.
const NO_FOOTER = new Uint8Array(0)
/**
 * What a v4.public token can look like at all: the prefix, then base64url of more than the 64 bytes
 * of its Ed25519 signature (65 bytes spell at least 87 characters), then at most one footer segment.
 * Anything else the library would only parse to refuse (a truncated payload, a character outside
 * base64url), through its options, decoding and a rejected promise: several µs a request in process
 * (issue 28's profile of a malformed token). Garbage is refused here instead, before the library
 * runs. A footer is left to the library, whose pinning (NO_FOOTER) refuses it.
 */
const V4_PUBLIC_SHAPE = /^v4\.public\.[A-Za-z0-9_-]{87,}(?:\.[A-Za-z0-9_-]*)?$/

async function loadKeys(secrets: LabConfig['secrets']): Promise<{ secretKey: SecretKey; publicKey: PublicKey }> {
  if (!secrets.pasetoSecretKey) return v4.GenerateKeyPair()
  if (!secrets.pasetoSecretKey.startsWith('k4.secret.')) {
    throw new TypeError('PASETO_SECRET_KEY must be a PASERK k4.secret key (npx authlab keys paseto prints one)')
  }
  const secretKey = await v4.ImportSecretKey(secrets.pasetoSecretKey as `k4.secret.${string}`)
  return { secretKey, publicKey: await v4.GetPublicKey(secretKey) }
}

/** A fresh signing key as a PASERK string, for PASETO_SECRET_KEY (`authlab keys` prints one). */
export async function newPasetoSecretKey(): Promise<string> {
  const { secretKey } = await v4.GenerateKeyPair({ extractable: true })
  return v4.ExportSecretKey(secretKey)
}

const seconds = (value: unknown) => (typeof value === 'string' ? Date.parse(value) / 1000 : Number.NaN)

/**
 * PASETO v4.public: Ed25519 signatures, and no `alg` header to attack: the version and purpose in
 * the token's prefix fix the algorithm, so a v4.local, v3 or v2 token is simply not one of ours.
 */
export async function createPasetoCodec(config: LabConfig): Promise<TokenCodec> {
  const { secretKey, publicKey } = await loadKeys(config.secrets)
  return {
    variant: { version: 'v4.public' },

    sign: ({ kind, iat, exp, ...claims }) =>
      v4.Sign(
        secretKey,
        {
          ...claims,
          token_use: kind,
          iss: config.issuer,
          aud: config.audience,
          iat: new Date(iat * 1000).toISOString(),
          exp: new Date(exp * 1000).toISOString(),
        },
        { footer: NO_FOOTER, addIssuedAt: false },
      ),

    async verify(token, expectedKind) {
      if (!V4_PUBLIC_SHAPE.test(token)) throw invalidCredential(undefined, 'Not a v4.public token.')
      let claims: Record<string, unknown>
      try {
        // withoutStacks around the call's synchronous part only (a limit held across the await
        // would strip other requests' errors too): that part parses the token, so a malformed one
        // is refused without capturing a stack for an error nobody reads (see AuthError).
        const verifying = withoutStacks(() =>
          v4.Verify(publicKey, token, {
            footer: NO_FOOTER,
            issuer: config.issuer,
            audience: config.audience,
            clockTolerance: config.clockToleranceSeconds,
            requiredClaims: ['iat', 'exp', 'jti', 'sub', 'token_use'],
          }),
        )
        ;({ claims } = await verifying)
      } catch (error) {
        const message = error instanceof Error ? error.message : ''
        if (message === 'Token has expired') throw expiredCredential(error)
        if (message === 'Token is not active yet') throw notYetValidCredential(error)
        throw invalidCredential(error)
      }
      if (claims.token_use !== expectedKind) throw invalidCredential(undefined, 'Wrong kind of token.')
      const iat = seconds(claims.iat)
      const exp = seconds(claims.exp)
      try {
        if (!Number.isFinite(iat) || !Number.isFinite(exp)) throw new TypeError('bad iat or exp')
        return { ...labClaims(claims, expectedKind), iat, exp }
      } catch (error) {
        throw invalidCredential(error)
      }
    },
  }
}

export async function createPasetoStrategy(options: VariantOptions, deps: StrategyDeps): Promise<AuthStrategy> {
  return createTokenStrategy('paseto', await createPasetoCodec(deps.config), options, deps)
}
