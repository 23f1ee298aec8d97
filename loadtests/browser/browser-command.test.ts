import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runStageAlone } from '../cli/stage-alone.js'
import { browserCommand } from './browser-command.js'

// A real Chromium and a real Redis (started by the run): one compact row, a few seconds of work.
describe('authlab browser --out DIR', { timeout: 120_000 }, () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('writes results.json, summary.md and the report under DIR, like every other command', async () => {
    const out = await mkdtemp(join(tmpdir(), 'authlab-browser-out-'))
    dirs.push(out)
    const json = join(out, 'section.json')
    // Exit 1 too when Chromium is missing: the section then says why, and is still written.
    const code = await browserCommand.run(
      ['--strategies', 'session', '--compact', '--out', out, '--json', json],
      runStageAlone,
    )
    const [run] = (await readdir(out)).filter((name) => name !== 'section.json' && name !== 'latest')
    expect(run).toBeDefined()
    const files = await readdir(join(out, run as string))
    expect(files).toEqual(expect.arrayContaining(['results.json', 'summary.md', 'report.html', 'report.md']))
    const results = JSON.parse(await readFile(join(out, run as string, 'results.json'), 'utf8'))
    expect(results.browser.chromium).toBeTruthy()
    expect(code).toBe(results.browser.skipped || results.browser.failures.length > 0 ? 1 : 0)
    // --json, the older way, still writes the section alone.
    expect(JSON.parse(await readFile(json, 'utf8'))).toEqual({ browser: results.browser })
  })

  it('says in one line that a Chromium which will not start did not, and exits 1 (no stack trace)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'authlab-browser-out-'))
    dirs.push(out)
    // /bin/false exists and exits at once: the launch fails, as a broken or half-installed Chromium does.
    const run = spawnSync('node', ['bin/authlab.js', 'browser', '--strategies', 'session', '--compact', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, AUTHLAB_CHROMIUM: '/bin/false' },
    })
    expect(run.status, run.stdout + run.stderr).toBe(1)
    expect(run.stdout + run.stderr).toContain('Chromium at /bin/false did not start')
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m)
  })
})
