import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readSecrets } from '../../servers/core/secret-env.js'
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
  // Read as the server reads them: a list's first secret is the one it signs with.
  const secrets = readSecrets(env)
  const privateKey = secrets.jwtPrivateKey ? createPrivateKey(secrets.jwtPrivateKey) : undefined
  const keys: ServerKeys = {
    ...(secrets.jwtSecret && { jwtSecret: Buffer.from(secrets.jwtSecret, 'base64') }),
    ...(privateKey && { jwtPrivateKey: privateKey, jwtPublicKey: createPublicKey(privateKey) }),
    ...(secrets.pasetoSecretKey && { paseto: await pasetoSigner(secrets.pasetoSecretKey) }),
    ...(secrets.sessionSecrets?.[0] && { sessionSecret: secrets.sessionSecrets[0] }),
    ...(secrets.apiKeySecrets?.[0] && { apiKeySecret: secrets.apiKeySecrets[0] }),
  }
  return Object.keys(keys).length > 0 ? keys : undefined
}
