/**
 * Where the credential lives, in a real Chromium: every cell of the matrix for a session cookie, a
 * bearer token in memory and in localStorage, and an API key. Then a defence is removed (the session
 * cookie without HttpOnly, a test-only switch no env or flag reaches) and "XSS read" must flip.
 * Skipped, with the reason, when Chromium is missing.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserRow } from '../loadtests/browser/browser-section.js'
import { runBrowserRow, type Attackers } from '../loadtests/browser/browser-rows.js'
import { chromiumMissing, launchChromium } from '../loadtests/browser/chromium.js'
import type { Keep } from '../loadtests/browser/demo-driver.js'
import { startOtherOrigin } from '../loadtests/browser/other-origins.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { parseVariant } from '../loadtests/runner/variants.js'
import type { Weakenings } from '../servers/core/strategy.js'
import { startLab, type TestLab } from './support/lab.js'

const missing = chromiumMissing()

describe.skipIf(missing !== undefined)(`the browser matrix${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: RedisServer
  let browser: Browser
  let attackers: Attackers
  const labs: TestLab[] = []

  beforeAll(async () => {
    redis = await startRedisServer()
    browser = await launchChromium()
    attackers = { sameSite: await startOtherOrigin('127.0.0.1'), crossSite: await startOtherOrigin('127.0.0.2') }
  }, 60_000)

  afterAll(async () => {
    await Promise.all(labs.map((lab) => lab.close()))
    await browser?.close()
    await attackers?.sameSite.close()
    await attackers?.crossSite.close()
    await redis?.stop()
  })

  async function row(variantText: string, keep: Keep, weakened?: Weakenings): Promise<BrowserRow> {
    const variant = parseVariant(variantText)
    const lab = await startLab({
      strategy: variant.strategy,
      options: variant.options,
      redisUrl: redis.url,
      ...(weakened && { weakened }),
    })
    labs.push(lab)
    return runBrowserRow(browser, lab.url, variant, keep, attackers)
  }

  const refused = { credential_attached: false, status: 401 }
  // A row opens three browser contexts and a dozen pages: minutes on a loaded 2-core machine, not 30 s.
  const ROW_TIMEOUT = 120_000

  it(
    'session cookie: HttpOnly stops theft, not riding; SameSite=Lax stops the cross-site POST, not the same-site one',
    async () => {
      const cell = await row('session', 'memory')
      expect(cell.keep).toBe('cookie')
      expect(cell.xss_read).toEqual({ found_in: null, exfiltrated: false, csp_blocked_fetch: true })
      expect(cell.xss_ride).toEqual({ credential_attached: true, status: 200 })
      expect(cell.cross_site).toEqual({ fetch: refused, form_post: refused })
      // Another port of 127.0.0.1 is the same site: the cookie rides along, and only the CSRF check refuses the POST.
      expect(cell.same_site).toEqual({
        fetch: { credential_attached: true, status: 200 },
        form_post: { credential_attached: true, status: 403 },
      })
      expect([cell.reload_status, cell.new_tab_status]).toEqual([200, 200])
      expect(cell.logout).toEqual({ status: 204, left_in_browser: false, replay_status: 401 })
    },
    ROW_TIMEOUT,
  )

  it(
    'session cookie WITHOUT HttpOnly (a defence removed on purpose): the injected script reads and sends it',
    async () => {
      const cell = await row('session', 'memory', { cookieReadableByScripts: true })
      expect(cell.xss_read).toEqual({ found_in: 'document.cookie', exfiltrated: true, csp_blocked_fetch: true })
    },
    ROW_TIMEOUT,
  )

  it(
    'bearer token in memory: stolen as it goes by, never sent by the browser on its own, dies with the tab',
    async () => {
      const cell = await row('jwt', 'memory')
      expect(cell).toMatchObject({ token_type: 'Bearer', keep: 'memory' })
      expect(cell.xss_read).toEqual({ found_in: 'fetch hook', exfiltrated: true, csp_blocked_fetch: true })
      expect(cell.xss_ride).toEqual(refused)
      expect(cell.cross_site).toEqual({ fetch: refused, form_post: refused })
      expect(cell.same_site).toEqual({ fetch: refused, form_post: refused })
      expect([cell.reload_status, cell.new_tab_status]).toEqual([401, 401])
      // Logout forgets it in the browser; a JWT with no revocation still works from anywhere else.
      expect(cell.logout).toEqual({ status: 204, left_in_browser: false, replay_status: 200 })
    },
    ROW_TIMEOUT,
  )

  it(
    'bearer token in localStorage: read at once, survives reloads and new tabs',
    async () => {
      const cell = await row('jwt:revocation=denylist', 'localStorage')
      expect(cell.xss_read).toEqual({ found_in: 'localStorage', exfiltrated: true, csp_blocked_fetch: true })
      expect(cell.xss_ride).toEqual(refused)
      expect(cell.cross_site).toEqual({ fetch: refused, form_post: refused })
      expect([cell.reload_status, cell.new_tab_status]).toEqual([200, 200])
      expect(cell.logout).toEqual({ status: 204, left_in_browser: false, replay_status: 401 })
    },
    ROW_TIMEOUT,
  )

  it(
    'API key in localStorage: as readable as a token, and revoked by logout',
    async () => {
      const cell = await row('apikey', 'localStorage')
      expect(cell).toMatchObject({ token_type: 'ApiKey', keep: 'localStorage' })
      expect(cell.xss_read).toMatchObject({ found_in: 'localStorage', exfiltrated: true })
      expect(cell.same_site).toEqual({ fetch: refused, form_post: refused })
      expect(cell.logout).toEqual({ status: 204, left_in_browser: false, replay_status: 401 })
    },
    ROW_TIMEOUT,
  )
})
