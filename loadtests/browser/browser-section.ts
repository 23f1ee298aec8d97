/**
 * The `browser` section of results.json: for each place a credential can live (a strategy's variant
 * and, for a token, memory or localStorage), what a real browser did in each experiment. Every value
 * is observed in Chromium or on the wire, never derived from the strategy's name.
 */

/** A request another page made to the API: did the browser attach the credential, what did the server say? */
export interface BrowserAttempt {
  readonly credential_attached: boolean
  readonly status: number
}

export interface BrowserRow {
  readonly variant: string
  readonly strategy: string
  /** The login's token_type (Cookie, Bearer, ApiKey). */
  readonly token_type: string
  /** Where the page kept it: `cookie` (the browser keeps it), `memory` or `localStorage`. */
  readonly keep: string
  /** An injected script looks for the credential and sends what it found to another origin. */
  readonly xss_read: {
    /** Where the script found it (`document.cookie`, `localStorage`, `fetch hook`), or null. */
    readonly found_in: string | null
    /** The second origin received the credential itself. */
    readonly exfiltrated: boolean
    /** The CSP refused the script's fetch to the other origin (it then navigated there instead). */
    readonly csp_blocked_fetch: boolean
  }
  /** An injected script calls GET /api/me without touching the credential: the API's answer. */
  readonly xss_ride: BrowserAttempt
  /** A page on another port of the same host (same site, another origin). */
  readonly same_site: { readonly fetch: BrowserAttempt; readonly form_post: BrowserAttempt }
  /** A page on 127.0.0.2 (another site). */
  readonly cross_site: { readonly fetch: BrowserAttempt; readonly form_post: BrowserAttempt }
  /** /api/me as the page calls it after a reload, and from a new tab of the same browser. */
  readonly reload_status: number
  readonly new_tab_status: number
  readonly logout: {
    readonly status: number
    /** The credential is still in the cookie jar, localStorage, or the page's next request. */
    readonly left_in_browser: boolean
    /** The old credential replayed from outside the browser, after logout. */
    readonly replay_status: number
  }
}

export interface BrowserSection {
  /** The Chromium binary that ran the experiments. */
  readonly chromium: string
  /** Why nothing ran (no Chromium), when nothing did. */
  readonly skipped?: string
  readonly rows: readonly BrowserRow[]
  /** Variants that could not be run, with the reason. */
  readonly failures: readonly string[]
}
