import type { Browser } from 'playwright-core'
import { authenticates } from '../../servers/registry.js'
import { ALICE } from '../../servers/core/demo-data.js'
import { credentialFrom } from '../runner/credential.js'
import { startVariantServer, type LabServerEnv } from '../runner/lab-servers.js'
import type { Progress } from '../runner/progress.js'
import type { VariantSpec } from '../runner/variants.js'
import { runBrowserRow, type Attackers } from './browser-rows.js'
import type { BrowserRow, BrowserSection } from './browser-section.js'
import { browserCells } from './browser-matrix.js'
import { cellText } from '../render/table-model.js'
import { CHROMIUM_PATH, chromiumMissing, launchChromium } from './chromium.js'
import { KEEPS, type Keep } from './demo-driver.js'
import { startOtherOrigin } from './other-origins.js'

export interface BrowserStageOptions {
  /**
   * One row per kind of place (a cookie, a bearer token in memory, ...): the first variant that
   * shows it. What the lab runs; the command runs every variant and keep.
   */
  readonly compact: boolean
}

/** Planned seconds for a row on a quiet machine (three fresh browser contexts, a dozen page actions). */
export const BROWSER_ROW_SECONDS = 5

/** Planned seconds: a cookie strategy has one row, a token strategy one per keep. */
/** The browser stage as a run asks for it: `authlab browser` every variant, the lab run compact. */
export interface BrowserStageConfig {
  readonly variants: readonly VariantSpec[]
  readonly options: BrowserStageOptions
}

export function browserStageSeconds(variants: readonly VariantSpec[], options: BrowserStageOptions): number {
  if (chromiumMissing()) return 0
  const rows = variants.filter((variant) => authenticates(variant.strategy)).length * KEEPS.length
  // Compact: the contract's three token types, a cookie once and the other two in each keep.
  return (options.compact ? Math.min(rows, 1 + 2 * KEEPS.length) : rows) * BROWSER_ROW_SECONDS
}

/** The login's token_type, asked over plain HTTP: which keeps apply (a cookie is kept by the browser). */
async function tokenTypeOf(url: string): Promise<string> {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ALICE),
  })
  if (login.status !== 200) throw new Error(`login answered ${login.status}`)
  return credentialFrom((await login.json()) as object, login.headers.getSetCookie()).tokenType
}

/**
 * The browser stage: for each variant that authenticates, its server (`authlab serve`, as the other
 * stages start them), and the experiments of browser-rows.ts for each place its credential can live,
 * in Debian's Chromium. Skipped with the reason when Chromium is missing.
 */
export async function runBrowserStage(
  variants: readonly VariantSpec[],
  env: LabServerEnv,
  options: BrowserStageOptions,
  progress: Progress,
): Promise<{ section: BrowserSection; failures: string[] }> {
  const missing = chromiumMissing()
  if (missing) {
    progress.note(`browser experiments skipped: ${missing}`)
    return { section: { chromium: CHROMIUM_PATH, skipped: missing, rows: [], failures: [] }, failures: [] }
  }
  const rows: BrowserRow[] = []
  const failures: string[] = []
  const seen = new Set<string>()
  // Playwright's launch error is a page of flags and call log: its first line says what happened.
  const launched = await launchChromium().catch((error: Error) => error)
  if (launched instanceof Error) {
    const why = `Chromium at ${CHROMIUM_PATH} did not start: ${launched.message.split('\n')[0]}`
    return {
      section: { chromium: CHROMIUM_PATH, rows, failures: [why] },
      failures: [`browser experiments failed: ${why}`],
    }
  }
  const browser: Browser = launched
  let attackers: Attackers | undefined
  try {
    attackers = { sameSite: await startOtherOrigin('127.0.0.1'), crossSite: await startOtherOrigin('127.0.0.2') }
    for (const variant of variants.filter((candidate) => authenticates(candidate.strategy))) {
      const server = await startVariantServer(variant, env).catch((error: Error) => error)
      if (server instanceof Error) {
        failures.push(`${variant.id}: the server did not start (${server.message.split('\n')[0]})`)
        continue
      }
      try {
        const tokenType = await tokenTypeOf(server.url)
        const keeps: Keep[] = tokenType === 'Cookie' ? [KEEPS[0]] : [...KEEPS]
        for (const keep of keeps) {
          const kind = tokenType === 'Cookie' ? tokenType : `${tokenType} in ${keep}`
          if (options.compact && seen.has(kind)) continue
          seen.add(kind)
          progress.step(`browser: ${kind} (${variant.id})`, BROWSER_ROW_SECONDS)
          const row = await runBrowserRow(browser, server.url, variant, keep, attackers)
          rows.push(row)
          progress.note(browserCells(row).map(cellText).join(' | '))
        }
      } catch (error) {
        failures.push(`${variant.id}: ${(error as Error).message.split('\n')[0]}`)
      } finally {
        await server.stop()
      }
    }
  } finally {
    await browser.close()
    await attackers?.sameSite.close()
    await attackers?.crossSite.close()
  }
  const failed = failures.map((failure) => `browser experiment failed for ${failure}`)
  return { section: { chromium: CHROMIUM_PATH, rows, failures }, failures: failed }
}
