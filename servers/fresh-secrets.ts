import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { parseJwtAlgorithm } from './jwt/jwt-strategy.js'
import { newPasetoSecretKey } from './paseto/paseto-strategy.js'
import { SECRET_ENV } from './core/secret-env.js'
import type { VariantOptions } from './core/strategy.js'

/**
 * Fresh secrets for a strategy's env, as an operator would set them. The registry hands them to
 * `authlab keys` (which prints them), to the revocation experiment (whose replicas must share them,
 * or a token signed by one is refused by the next) and to the attack runner (which signs tokens
 * that are valid but for one defect). Generated per call, never a constant: see config.ts.
 */
export type SecretEnv = Readonly<Record<string, string>>

/** A private key in PEM for SECRET_ENV.jwtPrivateKey: RSA 2048 for RS256, P-256 for ES256. */
export function newJwtPrivateKeyPem(kind: 'rsa' | 'ec'): string {
  const { privateKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
}

export function jwtSecrets(options: VariantOptions): SecretEnv {
  const alg = parseJwtAlgorithm(options.alg)
  if (alg === 'HS256') return { [SECRET_ENV.jwtSecret.name]: randomBytes(32).toString('base64') }
  return { [SECRET_ENV.jwtPrivateKey.name]: newJwtPrivateKeyPem(alg === 'RS256' ? 'rsa' : 'ec') }
}

export const sessionSecrets = (): SecretEnv => ({
  [SECRET_ENV.sessionSecrets.name]: randomBytes(32).toString('base64url'),
})

export const apiKeySecrets = (): SecretEnv => ({
  [SECRET_ENV.apiKeySecrets.name]: randomBytes(32).toString('base64url'),
})

export const pasetoSecrets = async (): Promise<SecretEnv> => ({
  [SECRET_ENV.pasetoSecretKey.name]: await newPasetoSecretKey(),
})
