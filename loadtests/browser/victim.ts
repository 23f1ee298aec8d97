import type { IncomingHttpHeaders } from 'node:http'
import type { Browser, BrowserContext } from 'playwright-core'
import { credentialFrom, type Credential } from '../runner/credential.js'
import { openDemo, type DemoPage, type Keep } from './demo-driver.js'

/** A user logged in through the demo page, in a browser context of their own. */
export interface Victim {
  readonly context: BrowserContext
  readonly demo: DemoPage
  /** What the login handed out, as the headers that present it (the harness's own reading of the contract). */
  readonly credential: Credential
  /** The secret parts of those headers: what a thief would need. */
  readonly secrets: readonly string[]
}

/** The secret in a credential header: the token after `Bearer `, the value of `name=value`, or the whole value. */
const secretOf = (name: string, value: string) =>
  name === 'cookie' ? value.slice(value.indexOf('=') + 1) : value.replace(/^Bearer /, '')

export async function loginVictim(browser: Browser, url: string, keep: Keep): Promise<Victim> {
  const context = await browser.newContext()
  try {
    const demo = await openDemo(context, url, keep)
    const login = await demo.login()
    if (login.status() !== 200) throw new Error(`the demo page's login got ${login.status()}`)
    const credential = credentialFrom(await login.json(), await login.headerValues('set-cookie'))
    const secrets = Object.entries(credential.headers).map(([name, value]) => secretOf(name, value))
    return { context, demo, credential, secrets }
  } catch (error) {
    await context.close()
    throw error
  }
}

/** Whether a request, as it arrived (see wire-tap.ts), carried the credential. */
export function carriesCredential(sent: IncomingHttpHeaders | undefined, credential: Credential): boolean {
  return Object.entries(credential.headers).some(([name, value]) =>
    name === 'cookie'
      ? String(sent?.cookie ?? '')
          .split(/;\s*/)
          .includes(value)
      : sent?.[name] === value,
  )
}
