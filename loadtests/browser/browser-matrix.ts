import { markdownTable, type Cell, type Table } from '../render/table-model.js'
import type { BrowserAttempt, BrowserRow, BrowserSection } from './browser-section.js'

/**
 * The browser section as a table: one row per place a credential lives, one column per experiment.
 * The words say what was observed, the numbers are the API's answers; red marks what an attacker
 * (or a lost tab) got, green what the browser or the server stopped.
 */
export const BROWSER_COLUMNS = [
  'credential (variant)',
  'XSS read',
  'XSS ride',
  'same-site fetch / form',
  'cross-site fetch / form',
  'reload / new tab',
  'after logout: browser / server',
] as const

const good = (text: string): Cell => ({ text, tone: 'good' })
const bad = (text: string): Cell => ({ text, tone: 'bad' })
const attempt = ({ credential_attached, status }: BrowserAttempt) =>
  `${credential_attached ? 'sent' : 'not sent'} ${status}`
/** A request from elsewhere that the API answered with 2xx carried the victim's authority. */
const attempts = (pair: { fetch: BrowserAttempt; form_post: BrowserAttempt }): Cell => {
  const text = `${attempt(pair.fetch)} / ${attempt(pair.form_post)}`
  if (pair.form_post.status < 300) return bad(text)
  return pair.fetch.credential_attached ? text : good(text)
}
const loggedIn = (status: number) => (status === 200 ? 'in' : `out (${status})`)

export function browserCells(row: BrowserRow): Cell[] {
  const { xss_read: read, xss_ride: ride, logout } = row
  const where = row.keep === 'cookie' ? 'HttpOnly cookie' : `${row.token_type} in ${row.keep}`
  const after = `${logout.left_in_browser ? 'STILL THERE' : 'gone'} / ${logout.replay_status === 200 ? 'still accepted 200' : `refused ${logout.replay_status}`}`
  return [
    `${where} (${row.variant})`,
    read.found_in
      ? bad(`stolen via ${read.found_in}${read.exfiltrated ? '' : ' (not sent out)'}`)
      : good('not readable'),
    ride.credential_attached && ride.status === 200
      ? bad(`rides ${ride.status}`)
      : good(`no credential ${ride.status}`),
    attempts(row.same_site),
    attempts(row.cross_site),
    `${loggedIn(row.reload_status)} / ${loggedIn(row.new_tab_status)}`,
    logout.left_in_browser || logout.replay_status === 200 ? bad(after) : good(after),
  ]
}

export const browserTable = (section: BrowserSection): Table => ({
  header: BROWSER_COLUMNS,
  rows: section.rows.map(browserCells),
})

export const BROWSER_LEGEND =
  '"sent" = the request reached the API with the credential; the number is the API\'s answer. ' +
  'Same-site: a page on another port of 127.0.0.1; cross-site: a page on 127.0.0.2. The injected ' +
  "script stands for XSS that got past the page's CSP."

/** Markdown: the summary's section, and what the CLI prints. */
export function renderBrowserMatrix(section: BrowserSection): string {
  const title = '## Where the credential lives (Chromium)'
  if (section.skipped) return `${title}\n\nSkipped: ${section.skipped}`
  const failures = section.failures.map((failure) => `\n- not run: ${failure}`).join('')
  return `${title}\n\n${markdownTable(browserTable(section))}\n\n${BROWSER_LEGEND}${failures}`
}
