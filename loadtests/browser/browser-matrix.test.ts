import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { renderHtml } from '../report/render-html.js'
import { loadFixture } from '../report/fixtures/load-fixture.js'
import { RESULTS_JSON_SCHEMA } from '../stages.js'
import { renderSummary } from '../report/render-summary.js'
import type { BrowserRow, BrowserSection } from './browser-section.js'
import { renderBrowserMatrix } from './browser-matrix.js'

const refused = { credential_attached: false, status: 401 }
/** Two rows as a run observed them (test/browser-matrix.test.ts checks the browser produces these). */
const COOKIE: BrowserRow = {
  variant: 'session',
  strategy: 'session',
  token_type: 'Cookie',
  keep: 'cookie',
  xss_read: { found_in: null, exfiltrated: false, csp_blocked_fetch: true },
  xss_ride: { credential_attached: true, status: 200 },
  same_site: {
    fetch: { credential_attached: true, status: 200 },
    form_post: { credential_attached: true, status: 403 },
  },
  cross_site: { fetch: refused, form_post: refused },
  reload_status: 200,
  new_tab_status: 200,
  logout: { status: 204, left_in_browser: false, replay_status: 401 },
}
const LOCAL: BrowserRow = {
  ...COOKIE,
  variant: 'jwt',
  strategy: 'jwt',
  token_type: 'Bearer',
  keep: 'localStorage',
  xss_read: { found_in: 'localStorage', exfiltrated: true, csp_blocked_fetch: true },
  xss_ride: refused,
  same_site: { fetch: refused, form_post: refused },
  logout: { status: 204, left_in_browser: false, replay_status: 200 },
}
const SECTION: BrowserSection = { chromium: '/usr/bin/chromium', rows: [COOKIE, LOCAL], failures: ['paseto: boom'] }

describe('the browser section', () => {
  it('is valid results.json', () => {
    const validate = new Ajv2020({ strict: false }).compile(RESULTS_JSON_SCHEMA)
    const results = { ...loadFixture(), browser: SECTION }
    expect(validate(JSON.parse(JSON.stringify(results))), JSON.stringify(validate.errors)).toBe(true)
    const broken = { ...results, browser: { ...SECTION, rows: [{ ...COOKIE, keep: 'sessionStorage' }] } }
    expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false)
  })

  it('reads as a matrix in the summary: what was stolen or ridden, what stayed out', () => {
    const markdown = renderSummary({ ...loadFixture(), browser: SECTION })
    expect(markdown).toContain(renderBrowserMatrix(SECTION))
    expect(renderBrowserMatrix(SECTION)).toContain(
      '| HttpOnly cookie (session) | not readable | rides 200 | sent 200 / sent 403 | not sent 401 / not sent 401 | in / in | gone / refused 401 |',
    )
    expect(renderBrowserMatrix(SECTION)).toContain(
      '| Bearer in localStorage (jwt) | stolen via localStorage | no credential 401 |',
    )
    expect(renderBrowserMatrix(SECTION)).toContain('gone / still accepted 200 |')
    expect(renderBrowserMatrix(SECTION)).toContain('- not run: paseto: boom')
    expect(renderBrowserMatrix({ ...SECTION, rows: [], skipped: 'no chromium' })).toContain('Skipped: no chromium')
  })

  it('has its own part of the HTML report, red where the attacker got something', () => {
    const html = renderHtml({ ...loadFixture(), browser: SECTION })
    expect(html).toContain('<section id="browser">')
    expect(html).toContain('<td class="bad">rides 200</td>')
    expect(html).toContain('<td class="bad">stolen via localStorage</td>')
    expect(html).toContain('<td class="good">not readable</td>')
    expect(renderHtml(loadFixture())).not.toContain('<section id="browser">')
  })
})
