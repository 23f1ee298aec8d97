import type { BrowserAttempt, BrowserRow, BrowserSection } from './browser-section.js'

/**
 * The browser section as a table: one row per place a credential lives, one column per experiment.
 * The words say what was observed; the numbers are the API's answers.
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

const attempt = ({ credential_attached, status }: BrowserAttempt) =>
  `${credential_attached ? 'sent' : 'not sent'} ${status}`
const loggedIn = (status: number) => (status === 200 ? 'in' : `out (${status})`)

export function browserCells(row: BrowserRow): string[] {
  const { xss_read: read, logout } = row
  const where = row.keep === 'cookie' ? 'HttpOnly cookie' : `${row.token_type} in ${row.keep}`
  return [
    `${where} (${row.variant})`,
    read.found_in ? `STOLEN via ${read.found_in}${read.exfiltrated ? '' : ' (not sent out)'}` : 'not readable',
    row.xss_ride.credential_attached ? `RIDES ${row.xss_ride.status}` : `no credential ${row.xss_ride.status}`,
    `${attempt(row.same_site.fetch)} / ${attempt(row.same_site.form_post)}`,
    `${attempt(row.cross_site.fetch)} / ${attempt(row.cross_site.form_post)}`,
    `${loggedIn(row.reload_status)} / ${loggedIn(row.new_tab_status)}`,
    `${logout.left_in_browser ? 'STILL THERE' : 'gone'} / ${logout.replay_status === 200 ? 'STILL ACCEPTED 200' : `refused ${logout.replay_status}`}`,
  ]
}

/** A Markdown table (also what the CLI prints). */
export function renderBrowserMatrix(section: BrowserSection): string {
  if (section.skipped) return `Browser experiments skipped: ${section.skipped}`
  const lines = [BROWSER_COLUMNS, BROWSER_COLUMNS.map(() => '---'), ...section.rows.map(browserCells)]
  const table = lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n')
  const failures = section.failures.map((failure) => `\n- not run: ${failure}`).join('')
  return `${table}\n\nAttempts: "sent" = the request reached the API with the credential; the number is the API's answer.${failures}`
}
