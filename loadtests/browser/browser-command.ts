import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { renderBrowserMatrix } from './browser-matrix.js'
import { CHROMIUM_PATH } from './chromium.js'
import { createProgress } from '../runner/progress.js'
import { BASELINE_ID, selectVariants } from '../runner/variants.js'
import type { StageCommand } from '../runner/stage.js'
import type { BrowserSection } from './browser-section.js'
import { bareAsOnly, spreadVariantArgs, VARIANT_FLAGS, variantsFromFlags } from '../runner/variant-flags.js'

export const browserCommand: StageCommand = {
  name: 'browser',
  summary: 'where a credential lives in a real browser: XSS, CSRF, reload and logout, per storage choice',
  usage: `authlab browser [--strategies a,b] [--variants v1 v2 ...] [--compact] [--out DIR]

Starts a private Redis (or uses REDIS_URL) and each variant's server, then drives Debian's Chromium
(${CHROMIUM_PATH}; AUTHLAB_CHROMIUM names another) through the demo page at GET /, once per place
the credential can live: the session's HttpOnly cookie, a token kept in memory, a token kept in
localStorage. For each it observes, never assumes:
  XSS read     an injected script looks in document.cookie, localStorage and the page's requests,
               and sends what it found to another origin (127.0.0.1 on another port)
  XSS ride     the injected script calls /api/me without touching the credential
  same-site    a page on another port of 127.0.0.1 (same site, other origin): a credentialed fetch
               of /api/me and a form POST to /auth/logout: was the credential sent, what did the API say?
  cross-site   the same from a page on 127.0.0.2 (another site)
  reload / new tab   still logged in?
  logout       is the credential gone from the browser, and refused by the server when replayed?

Options:
  --strategies a,b     pick from the default variants (those that authenticate: ${selectVariants(undefined, [])
    .map((variant) => variant.id)
    .filter((id) => id !== BASELINE_ID)
    .join(', ')})
  --variants v ...     more variants, e.g. jwt:revocation=denylist apikey:cache-ttl=1000
  --only v ...         exactly these variants instead (also: the variants given bare)
  --compact            one row per kind of place (what npm run lab runs), not every variant
  --out DIR            where results/<timestamp>/ goes (default ./results)
  --json FILE          also write the browser section alone (as in results.json) to FILE

Exit code: 0 when every row ran, 1 when Chromium is missing or a variant failed, 2 for a bad option.`,

  async run(argv, alone) {
    const { values, positionals } = parseArgs({
      args: spreadVariantArgs(argv),
      allowPositionals: true,
      options: {
        ...VARIANT_FLAGS,
        compact: { type: 'boolean', default: false },
        out: { type: 'string', default: 'results' },
        json: { type: 'string' },
      },
    })
    const variants = variantsFromFlags(bareAsOnly(values, positionals))
    const progress = createProgress()
    progress.note(`authlab browser: ${variants.map((variant) => variant.id).join(', ')}`)
    const { results, directory, report } = await alone<{ browser: BrowserSection }>(
      { browser: { variants, options: { compact: values.compact } } },
      values.out,
      progress,
    )
    const section = results.browser
    if (section) console.log(`\n${renderBrowserMatrix(section)}`)
    // The older way to keep the section alone, kept for scripts that use it.
    if (values.json && section) await writeFile(values.json, `${JSON.stringify({ browser: section }, null, 2)}\n`)
    console.log(`Results: ${directory}/results.json and summary.md; report ${report.html}.`)
    return !section || section.skipped || section.failures.length > 0 ? 1 : 0
  },
}
