/**
 * The env variables that hold the servers' secrets, each named once, here. config.ts reads them,
 * fresh-secrets.ts writes them, and the registry says which belong to which strategy
 * (StrategyEntry.secrets): `authlab keys`, `authlab attack --help` and the attack runner's reading of
 * an attacker's env are built from that, so no other module spells a secret's env name.
 */
export const SECRET_ENV = {
  jwtSecret: { name: 'JWT_SECRET', what: 'HS256 key, at least 32 random bytes, base64' },
  jwtPrivateKey: { name: 'JWT_PRIVATE_KEY', what: 'RS256 (RSA) or ES256 (P-256) private key, PEM' },
  pasetoSecretKey: { name: 'PASETO_SECRET_KEY', what: 'v4.public signing key, PASERK k4.secret' },
  sessionSecrets: { name: 'SESSION_SECRETS', what: 'cookie-signing secrets, newest first, comma-separated' },
  apiKeySecrets: { name: 'APIKEY_SECRETS', what: "the API keys' tag secrets, newest first, comma-separated" },
} as const

/** One of the secrets (the field of LabSecrets it fills). */
export type SecretField = keyof typeof SECRET_ENV

/** The secrets as the env gives them; undefined where it gives none (the strategy then makes one). */
export interface LabSecrets {
  readonly jwtSecret: string | undefined
  readonly jwtPrivateKey: string | undefined
  readonly pasetoSecretKey: string | undefined
  readonly sessionSecrets: readonly string[] | undefined
  /** HMAC secrets of the API keys' tag, newest first (see apikey/api-key-format.ts). */
  readonly apiKeySecrets: readonly string[] | undefined
}

type Env = Readonly<Record<string, string | undefined>>

export function readSecrets(env: Env): LabSecrets {
  const one = (field: SecretField) => env[SECRET_ENV[field].name] || undefined
  // A list is comma-separated, newest first: rotation signs with the first and accepts any.
  const list = (field: SecretField) => one(field)?.split(',').filter(Boolean)
  return {
    jwtSecret: one('jwtSecret'),
    jwtPrivateKey: one('jwtPrivateKey'),
    pasetoSecretKey: one('pasetoSecretKey'),
    sessionSecrets: list('sessionSecrets'),
    apiKeySecrets: list('apiKeySecrets'),
  }
}
