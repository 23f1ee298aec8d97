import { BROWSER_LEGEND, browserTable } from './browser-matrix.js'
import type { BrowserSection } from './browser-section.js'
import { escapeHtml } from '../render/escape.js'
import { htmlTable } from '../render/table-model.js'

/** The browser matrix: where a credential lives, and what an injected script or another page got. */
export function browserHtml(section: BrowserSection): string {
  const body = section.skipped
    ? `<p class="note">Skipped: ${escapeHtml(section.skipped)}</p>`
    : htmlTable(browserTable(section), 'browser') +
      `<p class="note">${escapeHtml(BROWSER_LEGEND)}</p>` +
      section.failures.map((failure) => `<p class="note">Not run: ${escapeHtml(failure)}</p>`).join('')
  return `<section id="browser"><h2>Where the credential lives (Chromium)</h2>${body}</section>`
}
