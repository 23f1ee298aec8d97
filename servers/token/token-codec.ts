import type { Variant } from '../core/strategy.js'

/** `access` tokens open the API; `refresh` tokens only buy new pairs at POST /auth/refresh. */
export type TokenKind = 'access' | 'refresh'

/** The claims the lab puts in every token, whatever the format. Times are seconds since the epoch. */
export interface TokenClaims {
  readonly kind: TokenKind
  readonly sub: string
  readonly roles: readonly string[]
  readonly jti: string
  /** Fractional (millisecond precision), so a "log out everywhere" at T cuts exactly at T. */
  readonly iat: number
  readonly exp: number
  /** Refresh mode: the family of refresh tokens that this token descends from. */
  readonly fid?: string
}

/**
 * A token format: JWT and PASETO each implement this, and share everything else (revocation modes,
 * login, logout) through createTokenStrategy. `verify` checks signature, issuer, audience, times and
 * kind, and throws an AuthError for anything wrong; it never returns a half-checked token.
 */
export interface TokenCodec {
  readonly variant: Variant
  sign(claims: TokenClaims): Promise<string>
  verify(token: string, expectedKind: TokenKind): Promise<TokenClaims>
}

/** Checks the shape of the lab's own claims after the library has checked the standard ones. */
export function labClaims(payload: Record<string, unknown>, kind: TokenKind): Omit<TokenClaims, 'iat' | 'exp'> {
  const { sub, roles, jti, fid } = payload
  const isRoles = Array.isArray(roles) && roles.every((role) => typeof role === 'string')
  if (
    typeof sub !== 'string' ||
    typeof jti !== 'string' ||
    !isRoles ||
    (fid !== undefined && typeof fid !== 'string')
  ) {
    throw new TypeError('token claims have the wrong shape')
  }
  return { kind, sub, roles, jti, ...(fid === undefined ? {} : { fid }) }
}
