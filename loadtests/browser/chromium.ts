import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/**
 * Debian's Chromium, driven by playwright-core: no browser download, the one the machine has.
 * AUTHLAB_CHROMIUM names another binary.
 */
export const CHROMIUM_PATH = process.env.AUTHLAB_CHROMIUM || '/usr/bin/chromium'

/** Why the browser cannot run here (a sentence for a skip note), or undefined when it can. */
export const chromiumMissing = (): string | undefined =>
  existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium), or set AUTHLAB_CHROMIUM`

/** Headless, no sandbox (containers), and nothing that phones home while a test runs. */
export function launchChromium(): Promise<Browser> {
  const missing = chromiumMissing()
  if (missing) throw new Error(missing)
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
