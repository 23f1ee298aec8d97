import { parseArgs } from 'node:util'
import { newJwtPrivateKeyPem } from '../../servers/fresh-secrets.js'
import { SECRET_ENV } from '../../servers/core/secret-env.js'
import { freshSecretsFor, secretVariables, secretVariablesOf, strategyNames } from '../../servers/registry.js'
import { UsageError, type Command } from './command.js'

/** One row per secret variable: its strategy, and what it holds (from the registry). */
function secretRows(): string {
  const rows = strategyNames().flatMap((name) =>
    secretVariablesOf(name).map((variable) => [variable.name, `${name}: ${variable.what}`]),
  )
  const width = Math.max(...rows.map(([label = '']) => label.length))
  return rows.map(([label = '', what]) => `  ${label.padEnd(width)}  ${what}`).join('\n')
}

/**
 * Servers generate fresh secrets per run when the env gives none, which is right for a lab but
 * logs everybody out at every restart and cannot be shared by replicas. This prints secrets to put
 * in the env (or a .env file that stays out of git) instead of inventing weak ones by hand.
 */
export const keysCommand: Command = {
  name: 'keys',
  summary: `print fresh secrets for the env (${secretVariables()
    .map((variable) => variable.name)
    .join(', ')})`,
  usage: `authlab keys [--pem rsa|ec]

Prints one env line for each secret the strategies make at their default options. With --pem rsa or
--pem ec, prints instead a private key in PEM for ${SECRET_ENV.jwtPrivateKey.name} (RS256 or ES256).

Secrets:
${secretRows()}`,

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
