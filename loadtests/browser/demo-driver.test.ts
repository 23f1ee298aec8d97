import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium } from './chromium.js'
import { loginHandled } from './demo-driver.js'

// The demo page's CSP forbids eval, as a page of this CSP does here; the mark comes after a delay,
// as on a busy machine, so the wait has to poll.
describe.skipIf(chromiumMissing())(
  'waiting for the demo page to handle a login, under its CSP',
  { timeout: 60_000 },
  () => {
    let browser: Browser
    let server: Server
    beforeAll(async () => {
      server = createServer((_request, response) => {
        response.setHeader('content-security-policy', "default-src 'self'; script-src 'self'")
        response.end('<!doctype html><html><body>demo</body></html>')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      server?.close()
    })

    it('resolves once the page marks the login handled, even when the mark comes late', async () => {
      const page = await browser.newPage()
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      const marked = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300))
        await page.evaluate("document.body.dataset.login = '200'")
        await new Promise((resolve) => setTimeout(resolve, 300))
        await page.evaluate("document.body.dataset.tokenType = 'Bearer'")
      })()
      await loginHandled(page)
      expect(await page.evaluate('document.body.dataset.tokenType')).toBe('Bearer')
      await marked
    })
  },
)
