/**
 * The demo front end at GET /: served with a strict CSP, and working in a real browser for every
 * strategy and both places a token can be kept. The browser half is skipped, with the reason, when
 * Chromium is missing; the headers half always runs.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium } from '../loadtests/browser/chromium.js'
import { KEEPS, openDemo } from '../loadtests/browser/demo-driver.js'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { authenticates, strategyNames } from '../servers/registry.js'
import { startLab, type TestLab } from './support/lab.js'

const STRATEGIES = strategyNames().filter(authenticates)
const missing = chromiumMissing()
let redis: RedisServer
const labs = new Map<string, TestLab>()

beforeAll(async () => {
  redis = await startRedisServer()
  for (const strategy of STRATEGIES) labs.set(strategy, await startLab({ strategy, redisUrl: redis.url }))
}, 60_000)

afterAll(async () => {
  await Promise.all([...labs.values()].map((lab) => lab.close()))
  await redis?.stop()
})

const lab = (strategy: string) => labs.get(strategy) as TestLab

describe('GET / and /demo.js', () => {
  it('serve the page and its one script under a CSP with no inline script, no framing', async () => {
    for (const path of ['/', '/demo.js', '/?keep=<script>alert(1)</script>']) {
      const response = await lab('jwt').http('GET', path)
      expect(response.status, path).toBe(200)
      const csp = String(response.headers['content-security-policy'])
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).not.toContain('unsafe-eval')
      expect(response.text).not.toContain('alert(1)')
    }
    const html = (await lab('jwt').http('GET', '/')).text
    // Every <script> loads a file of this origin; no inline style to need 'unsafe-inline' either.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/demo.js">'])
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i)
  })

  it('leave the contract alone: the API still refuses without a credential, unknown routes still 404', async () => {
    expect((await lab('jwt').http('GET', '/api/me')).status).toBe(401)
    expect((await lab('jwt').http('GET', '/demo.css')).status).toBe(404)
    expect((await lab('jwt').http('POST', '/')).status).toBe(404)
    expect((await lab('session').http('GET', '/')).headers['set-cookie']).toBeUndefined()
  })
})

describe.skipIf(missing !== undefined)(`the demo page in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.each(STRATEGIES.flatMap((strategy) => KEEPS.map((keep) => [strategy, keep] as const)))(
    '%s, token kept in %s: logs in, calls the API, logs out, with no CSP violation or script error',
    async (strategy, keep) => {
      const context = await browser.newContext()
      try {
        const demo = await openDemo(context, lab(strategy).url, keep)
        const problems: string[] = []
        demo.page.on('console', (message) => {
          // Every 401 the page meets (and the favicon's 404) is logged as a failed resource: that is the
          // server answering, checked below; anything else (a CSP violation, a script error) is a problem.
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
            problems.push(message.text())
        })
        demo.page.on('pageerror', (error) => problems.push(error.message))
        expect((await demo.login()).status()).toBe(200)
        expect((await demo.me()).status()).toBe(200)
        expect(await demo.page.textContent('#advice')).not.toBe('')
        expect((await demo.logout()).status()).toBe(204)
        expect((await demo.me()).status()).toBe(401)
        expect(problems).toEqual([])
      } finally {
        await context.close()
      }
    },
  )

  it('refuses a script injected inline: the CSP forbids it', async () => {
    const context = await browser.newContext()
    try {
      const demo = await openDemo(context, lab('jwt').url, 'memory')
      const violations: string[] = []
      demo.page.on('console', (message) => {
        if (/Content Security Policy/.test(message.text())) violations.push(message.text())
      })
      await demo.page.addScriptTag({ content: 'document.body.dataset.injected = "ran"' }).catch(() => undefined)
      expect(await demo.page.getAttribute('body', 'data-injected')).toBeNull()
      expect(violations.length).toBeGreaterThan(0)
    } finally {
      await context.close()
    }
  })
})
