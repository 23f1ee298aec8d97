import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * The README says to put `authlab keys` output in `.env`; nothing read it (issue 31). Every command
 * reads `./.env` here, once, at start, with Node's own parser (process.loadEnvFile). A variable
 * already set in the environment wins over the file, so `PORT=4000 npx authlab serve jwt` still
 * means 4000. AUTHLAB_ENV_FILE names another file; AUTHLAB_ENV_FILE= (empty) reads none.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const named = env.AUTHLAB_ENV_FILE
  if (named === '') return undefined
  const path = resolve(cwd, named ?? '.env')
  if (!existsSync(path)) {
    if (named !== undefined) throw new TypeError(`AUTHLAB_ENV_FILE names ${path}, which does not exist`)
    return undefined
  }
  process.loadEnvFile(path)
  return path
}
