import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import type { VariantSpec } from '../runner/variants.js'
import { algorithm, type ServerKeys } from './attack-entry.js'
import { knownPasetoKey, pasetoSigner } from './forge.js'

/**
 * Fresh secrets for a server the attack runner starts, passed through the env as an operator would
 * set them. Knowing them lets the runner sign tokens that are valid but for one defect: that is how
 * the checks a verifier skips (a missing exp, an unknown crit) are found.
 */
export async function keysFor(variant: VariantSpec): Promise<{ env: Record<string, string>; keys: ServerKeys }> {
  if (variant.strategy === 'jwt') {
    const alg = algorithm(variant)
    if (alg === 'HS256') {
      const secret = randomBytes(32)
      return { env: { JWT_SECRET: secret.toString('base64') }, keys: { jwtSecret: secret } }
    }
    const { privateKey, publicKey } =
      alg === 'RS256'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: 'P-256' })
    return {
      env: { JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      keys: { jwtPrivateKey: privateKey, jwtPublicKey: publicKey },
    }
  }
  if (variant.strategy === 'paseto') {
    const key = await knownPasetoKey()
    return { env: key.env, keys: { paseto: key.sign } }
  }
  if (variant.strategy === 'session') {
    const secret = randomBytes(32).toString('base64url')
    return { env: { SESSION_SECRETS: secret }, keys: { sessionSecret: secret } }
  }
  return { env: {}, keys: {} }
}

/** With --target, the keys are only known if the attacker's env holds the server's secrets. */
export async function keysFromEnv(env: NodeJS.ProcessEnv): Promise<ServerKeys | undefined> {
  const privateKey = env.JWT_PRIVATE_KEY ? createPrivateKey(env.JWT_PRIVATE_KEY) : undefined
  const keys: ServerKeys = {
    ...(env.JWT_SECRET && { jwtSecret: Buffer.from(env.JWT_SECRET, 'base64') }),
    ...(privateKey && { jwtPrivateKey: privateKey, jwtPublicKey: createPublicKey(privateKey) }),
    ...(env.PASETO_SECRET_KEY && { paseto: await pasetoSigner(env.PASETO_SECRET_KEY) }),
    ...(env.SESSION_SECRETS && { sessionSecret: env.SESSION_SECRETS.split(',')[0] }),
  }
  return Object.keys(keys).length > 0 ? keys : undefined
}
