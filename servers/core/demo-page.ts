import { readFileSync } from 'node:fs'
import express, { type Router } from 'express'

/**
 * The demo front end at `GET /`: one HTML page and one script, read once at start. Served with a
 * strict Content-Security-Policy: scripts, styles, connections and forms only from this origin, no
 * inline script or style, no plug-ins, no <base>, and no framing by any site (clickjacking). The
 * policy is a defence in depth against XSS, not a licence to store secrets where scripts can read
 * them: loadtests/browser/ shows what an injected script does anyway.
 */
export const DEMO_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

const file = (name: string) => readFileSync(new URL(`./demo-page/${name}`, import.meta.url), 'utf8')

export function createDemoPage(): Router {
  const html = file('index.html')
  const script = file('demo.js')
  const router = express.Router()
  const headers = {
    'Content-Security-Policy': DEMO_PAGE_CSP,
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Revalidate each time: the page holds no credential, but a stale script would be a stale front end.
    'Cache-Control': 'no-cache',
  }
  router.get('/', (_req, res) => void res.set(headers).type('html').send(html))
  router.get('/demo.js', (_req, res) => void res.set(headers).type('text/javascript').send(script))
  return router
}
