import type { BrowserContext, Page, Response } from 'playwright-core'
import { ALICE } from '../../servers/core/demo-data.js'

/** Where the demo page keeps a token (`?keep=`); a session cookie is kept by the browser whatever this says. */
export const KEEPS = ['memory', 'localStorage'] as const
export type Keep = (typeof KEEPS)[number]

const pathIs = (path: string) => (response: Response) => new URL(response.url()).pathname === path

/** Clicks a button of the demo page and returns the answer to the API call it makes. */
async function clickFor(page: Page, buttonId: string, path: string): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse(pathIs(path)), page.click(`#${buttonId}`)])
  return response
}

/**
 * Resolves once the demo page's script has handled a login's answer: it marks <body> with data-login
 * (the status), then data-token-type once it has kept the credential. A selector, not
 * waitForFunction: when the mark is not there at once, Playwright polls a function compiled with
 * eval inside the page, and the demo page's CSP (no 'unsafe-eval') refuses it (an EvalError that
 * failed CI whenever a busy machine made the login slow).
 */
export async function loginHandled(page: Page): Promise<void> {
  await page.waitForSelector('body[data-login]:not([data-login="200"]), body[data-login="200"][data-token-type]', {
    state: 'attached',
  })
}

export interface DemoPage {
  readonly page: Page
  /** The status of the /api/me call the page made when it opened: is this tab logged in? */
  readonly openedWith: number
  /** Types the user in and logs in as a person would; resolves with the login's answer. */
  login(user?: { username: string; password: string }): Promise<Response>
  /** "Who am I?": GET /api/me with whatever the page holds. */
  me(): Promise<Response>
  logout(): Promise<Response>
  /** Reloads the page; resolves with the /api/me call the page makes on load. */
  reload(): Promise<Response>
}

/** Opens the demo page of the server at `url` in `context`, once its on-load /api/me call is answered. */
export async function openDemo(context: BrowserContext, url: string, keep: Keep): Promise<DemoPage> {
  const page = await context.newPage()
  const [opened] = await Promise.all([page.waitForResponse(pathIs('/api/me')), page.goto(`${url}/?keep=${keep}`)])
  return {
    page,
    openedWith: opened.status(),
    async login(user = ALICE) {
      await page.fill('#username', user.username)
      await page.fill('#password', user.password)
      // The answer reaches us before the page's script has read it and kept the credential, so a
      // call made at once could go out without it (a 401 seen on a busy machine). The script marks
      // <body> when it is done (data-login, then data-token-type after keeping it): wait for that.
      await page.evaluate('delete document.body.dataset.login; delete document.body.dataset.tokenType')
      const response = await clickFor(page, 'login-button', '/auth/login')
      await loginHandled(page)
      return response
    },
    me: () => clickFor(page, 'me-button', '/api/me'),
    logout: () => clickFor(page, 'logout-button', '/auth/logout'),
    async reload() {
      const [response] = await Promise.all([page.waitForResponse(pathIs('/api/me')), page.reload()])
      return response
    },
  }
}
