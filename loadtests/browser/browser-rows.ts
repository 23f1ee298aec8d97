import type { Browser } from 'playwright-core'
import type { VariantSpec } from '../runner/variants.js'
import type { BrowserRow } from './browser-section.js'
import { KEEPS, openDemo, type Keep } from './demo-driver.js'
import { fromOtherOrigin, logout, reloadAndNewTab, xssRead, xssRide } from './experiments.js'
import type { OtherOrigin } from './other-origins.js'
import { loginVictim, type Victim } from './victim.js'
import { startWireTap, type WireTap } from './wire-tap.js'

/** The attacker's two pages and collector: another port of the same host, and another site. */
export interface Attackers {
  readonly sameSite: OtherOrigin
  readonly crossSite: OtherOrigin
}

/** A fresh victim for each group of experiments: one's navigation or logout never spoils another's. */
async function withVictim<T>(browser: Browser, api: WireTap, keep: Keep, work: (victim: Victim) => Promise<T>) {
  const victim = await loginVictim(browser, api.url, keep)
  try {
    return { victim, result: await work(victim) }
  } finally {
    await victim.context.close()
  }
}

/** Every experiment for one place the credential lives, against the server at `server`. */
export async function runBrowserRow(
  browser: Browser,
  server: string,
  variant: VariantSpec,
  keep: Keep,
  attackers: Attackers,
): Promise<BrowserRow> {
  const api = await startWireTap(server)
  try {
    return await experimentsThrough(api, browser, variant, keep, attackers)
  } finally {
    await api.close()
  }
}

async function experimentsThrough(
  api: WireTap,
  browser: Browser,
  variant: VariantSpec,
  keep: Keep,
  attackers: Attackers,
): Promise<BrowserRow> {
  const xss = await withVictim(browser, api, keep, async (victim) => {
    const ride = await xssRide(victim, api)
    return { ride, read: await xssRead(victim, attackers.sameSite) }
  })
  const sites = await withVictim(browser, api, keep, async (victim) => {
    // One tab for both attackers (the context closes it); cross-site first: a same-site form that
    // got through would have logged the victim out.
    const tab = await victim.context.newPage()
    const cross = await fromOtherOrigin(victim, attackers.crossSite, api, tab)
    const same = await fromOtherOrigin(victim, attackers.sameSite, api, tab)
    // Then the user logs out, still logged in since the attacks were refused (or the row says otherwise).
    return { cross, same, logout: await logout(victim, api) }
  })
  const life = await withVictim(browser, api, keep, async (victim) => {
    const newTab = async () => (await openDemo(victim.context, api.url, keep)).openedWith
    return reloadAndNewTab(victim, newTab)
  })
  const tokenType = xss.victim.credential.tokenType
  return {
    variant: variant.id,
    strategy: variant.strategy,
    token_type: tokenType,
    keep: tokenType === 'Cookie' ? 'cookie' : keep,
    xss_read: xss.result.read,
    xss_ride: xss.result.ride,
    same_site: sites.result.same,
    cross_site: sites.result.cross,
    reload_status: life.result.reload_status,
    new_tab_status: life.result.new_tab_status,
    logout: sites.result.logout,
  }
}

/** The rows of one variant: a cookie is kept by the browser (one row), a token in memory or localStorage (two). */
export async function runBrowserVariant(
  browser: Browser,
  api: string,
  variant: VariantSpec,
  attackers: Attackers,
  onRow: (row: BrowserRow) => void = () => {},
): Promise<BrowserRow[]> {
  const rows: BrowserRow[] = []
  for (const keep of KEEPS) {
    const row = await runBrowserRow(browser, api, variant, keep, attackers)
    rows.push(row)
    onRow(row)
    if (row.keep === 'cookie') break
  }
  return rows
}
