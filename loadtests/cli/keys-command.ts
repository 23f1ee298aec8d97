import { parseArgs } from 'node:util'
import { newJwtPrivateKeyPem } from '../../servers/fresh-secrets.js'
import { freshSecretsFor, strategyNames } from '../../servers/registry.js'
import { UsageError, type Command } from './command.js'

/**
 * Servers generate fresh secrets per run when the env gives none, which is right for a lab but
 * logs everybody out at every restart and cannot be shared by replicas. This prints secrets to put
 * in the env (or a .env file that stays out of git) instead of inventing weak ones by hand.
 */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'print fresh secrets for the env (JWT_SECRET, SESSION_SECRETS, APIKEY_SECRETS, PASETO_SECRET_KEY)',
  usage: `authlab keys [--pem rsa|ec]

Prints one env line each for JWT_SECRET (32 random bytes, base64), SESSION_SECRETS,
APIKEY_SECRETS (the API keys' tag) and PASETO_SECRET_KEY (a PASERK k4.secret). With --pem rsa or --pem ec, prints instead a private key
in PEM for JWT_PRIVATE_KEY (RS256 or ES256).`,

  async run(argv) {
    const { values } = parseArgs({ args: [...argv], options: { pem: { type: 'string' } } })
    if (values.pem !== undefined) {
      if (values.pem !== 'rsa' && values.pem !== 'ec') throw new UsageError('--pem must be rsa or ec')
      process.stdout.write(newJwtPrivateKeyPem(values.pem))
      return 0
    }
    // Each strategy's secrets at its default options, as the registry generates them.
    for (const name of strategyNames()) {
      for (const [key, value] of Object.entries(await freshSecretsFor(name, {}))) console.log(`${key}=${value}`)
    }
    return 0
  },
}
