#!/usr/bin/env node
// npm run doctor: what this machine lacks to run the lab and its tests, and how to get it.
// Plain Node with no dependencies, so it works before `npm ci` (and says when that is missing).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { DEFAULT_REDIS_URL, redisAnswers } from './redis-ping.js'

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
const [major, minor] = process.versions.node.split('.').map(Number)

// Tests and lab runs start their own redis-server; `authlab serve` and the workshop exercises use
// the one at REDIS_URL. Without it every login answers 503, and exercise 1 stops at "got 401".
const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL
const redisPort = (() => {
  try {
    return new URL(redisUrl).port || '6379'
  } catch {
    return '6379'
  }
})()
const redisRunning = await redisAnswers(redisUrl)
const redisInstalled = has('redis-server')

// Debian package names: .ci/run installs the same list on CI.
const CHECKS = [
  {
    name: 'Node 20.19 or later',
    ok: major > 20 || (major === 20 && minor >= 19),
    why: `found ${process.versions.node}`,
    fix: 'install Node 20 LTS (https://nodejs.org, or nvm install 20)',
  },
  {
    name: 'npm dependencies',
    ok: existsSync('node_modules/tsx') && existsSync('node_modules/playwright-core'),
    why: 'node_modules is missing or incomplete',
    fix: 'npm ci',
  },
  {
    name: 'redis-server',
    ok: has('redis-server'),
    why: 'every test and lab run starts its own',
    debian: 'redis-server',
    brew: 'redis',
  },
  {
    name: `a Redis answering at ${redisUrl} (REDIS_URL)`,
    ok: redisRunning,
    why: redisInstalled
      ? 'redis-server is installed but not running there; authlab serve and the workshop exercises need it (every login asks Redis)'
      : 'nothing answers there; authlab serve and the workshop exercises need it (every login asks Redis)',
    fix: redisInstalled
      ? `start it: redis-server --daemonize yes --port ${redisPort}   (or: sudo systemctl start redis-server; or set REDIS_URL)`
      : undefined,
  },
  {
    name: 'chromium',
    ok: existsSync('/usr/bin/chromium'),
    why: 'the report browser test (test/report-browser.test.ts) drives /usr/bin/chromium',
    debian: 'chromium',
    brew: null,
  },
  {
    name: 'curl',
    ok: has('curl'),
    why: 'the workshop exercises (docs/exercises/) call the servers with it',
    debian: 'curl',
    brew: 'curl',
  },
  { name: 'wrk', ok: has('wrk'), why: 'the second load generator', debian: 'wrk', brew: 'wrk' },
  {
    name: 'haproxy',
    ok: has('haproxy'),
    why: 'the balancer in front of server replicas',
    debian: 'haproxy',
    brew: 'haproxy',
  },
  {
    name: 'redis-sentinel',
    ok: has('redis-sentinel'),
    why: 'Redis failover (authlab failover)',
    debian: 'redis-sentinel',
    brew: 'redis',
  },
]

const missing = CHECKS.filter((check) => !check.ok)
for (const check of CHECKS)
  console.log(`${check.ok ? 'ok     ' : 'MISSING'} ${check.name}${check.ok ? '' : `: ${check.why}`}`)
if (missing.length === 0) {
  console.log('\nEverything is here: npm test, then npm run lab.')
  process.exit(0)
}
const debian = missing.filter((check) => check.debian).map((check) => check.debian)
console.log('\nTo get what is missing:')
for (const check of missing.filter((check) => check.fix)) console.log(`  ${check.fix}`)
if (debian.length) {
  console.log(`  Debian/Ubuntu: sudo apt-get install -y ${debian.join(' ')}`)
  const brew = [...new Set(missing.filter((check) => check.brew).map((check) => check.brew))]
  if (brew.length) console.log(`  macOS:         brew install ${brew.join(' ')}`)
  if (missing.some((check) => check.name === 'chromium'))
    console.log(
      "  (the browser test expects Debian's chromium at /usr/bin/chromium; on macOS run it in the Docker image or skip that file)",
    )
}
process.exit(1)
