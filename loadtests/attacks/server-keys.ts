import { createPrivateKey, createPublicKey } from 'node:crypto'
import { freshSecretsFor } from '../../servers/registry.js'
import type { VariantSpec } from '../runner/variants.js'
import type { ServerKeys } from './attack-entry.js'
import { pasetoSigner } from './forge.js'

/**
 * Fresh secrets for a server the attack runner starts (the registry's, passed through the env as
 * an operator would set them). Knowing them lets the runner sign tokens that are valid but for one
 * defect: that is how the checks a verifier skips (a missing exp, an unknown crit) are found.
 */
export async function keysFor(variant: VariantSpec): Promise<{ env: Record<string, string>; keys: ServerKeys }> {
  const env = await freshSecretsFor(variant.strategy, variant.options)
  return { env: { ...env }, keys: (await keysFromEnv(env)) ?? {} }
}

/** With --target, the keys are only known if the attacker's env holds the server's secrets. */
export async function keysFromEnv(env: NodeJS.ProcessEnv): Promise<ServerKeys | undefined> {
  const privateKey = env.JWT_PRIVATE_KEY ? createPrivateKey(env.JWT_PRIVATE_KEY) : undefined
  const keys: ServerKeys = {
    ...(env.JWT_SECRET && { jwtSecret: Buffer.from(env.JWT_SECRET, 'base64') }),
    ...(privateKey && { jwtPrivateKey: privateKey, jwtPublicKey: createPublicKey(privateKey) }),
    ...(env.PASETO_SECRET_KEY && { paseto: await pasetoSigner(env.PASETO_SECRET_KEY) }),
    ...(env.SESSION_SECRETS && { sessionSecret: env.SESSION_SECRETS.split(',')[0] }),
    ...(env.APIKEY_SECRETS && { apiKeySecret: env.APIKEY_SECRETS.split(',')[0] }),
  }
  return Object.keys(keys).length > 0 ? keys : undefined
}
