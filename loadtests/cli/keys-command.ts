import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { newPasetoSecretKey } from '../../servers/paseto/paseto-strategy.js'
import { UsageError, type Command } from './command.js'

/**
 * Servers generate fresh secrets per run when the env gives none, which is right for a lab but
 * logs everybody out at every restart and cannot be shared by replicas. This prints secrets to put
 * in the env (or a .env file that stays out of git) instead of inventing weak ones by hand.
 */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'print fresh secrets for the env (JWT_SECRET, SESSION_SECRETS, PASETO_SECRET_KEY)',
  usage: `authlab keys [--pem rsa|ec]

Prints one env line each for JWT_SECRET (32 random bytes, base64), SESSION_SECRETS and
PASETO_SECRET_KEY (a PASERK k4.secret). With --pem rsa or --pem ec, prints instead a private key
in PEM for JWT_PRIVATE_KEY (RS256 or ES256).`,

  async run(argv) {
    const { values } = parseArgs({ args: [...argv], options: { pem: { type: 'string' } } })
    if (values.pem !== undefined) {
      if (values.pem !== 'rsa' && values.pem !== 'ec') throw new UsageError('--pem must be rsa or ec')
      const { privateKey } =
        values.pem === 'rsa'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-256' })
      process.stdout.write(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
      return 0
    }
    console.log(`JWT_SECRET=${randomBytes(32).toString('base64')}`)
    console.log(`SESSION_SECRETS=${randomBytes(32).toString('base64url')}`)
    console.log(`PASETO_SECRET_KEY=${await newPasetoSecretKey()}`)
    return 0
  },
}
