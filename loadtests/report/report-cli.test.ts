import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { UsageError } from '../cli/command.js'
import { compareCommand } from '../cli/compare-command.js'
import { reportCommand } from '../cli/report-command.js'
import { FIXTURE_PATH, loadFixture } from './fixtures/load-fixture.js'
import { adrCommand } from '../cli/adr-command.js'
import { guideCommand } from '../cli/guide-command.js'
import { runDirectoryName } from '../results/output-directory.js'

describe('authlab report / compare', () => {
  let directory: string
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'authlab-report-'))
    vi.spyOn(console, 'log').mockImplementation(() => {})
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await rm(directory, { recursive: true, force: true })
  })

  it('writes report.html and report.md under --out DIR/<the run timestamp>/, and DIR/latest, as every command', async () => {
    const out = join(directory, 'reports')
    expect(await reportCommand.run([FIXTURE_PATH, '--out', out])).toBe(0)
    const run = join(out, runDirectoryName(loadFixture().started_at))
    expect(await readFile(join(run, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/)
    expect(await readFile(join(run, 'report.md'), 'utf8')).toMatch(/^# authlab run /)
    expect(await readFile(join(out, 'latest', 'report.md'), 'utf8')).toMatch(/^# authlab run /)
  })

  it('compare, adr and guide take --out DIR with the same layout', async () => {
    const stamp = runDirectoryName(loadFixture().started_at)
    expect(await compareCommand.run([FIXTURE_PATH, FIXTURE_PATH, '--out', join(directory, 'cmp')])).toBe(0)
    expect(await readFile(join(directory, 'cmp', 'latest', 'compare.md'), 'utf8')).toMatch(/^# authlab compare\n/)
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(await adrCommand.run([FIXTURE_PATH, '--out', join(directory, 'adr')])).toBe(0)
    expect(await readFile(join(directory, 'adr', stamp, 'adr.md'), 'utf8')).toContain('Decision')
    expect(await guideCommand.run([FIXTURE_PATH, '--out', join(directory, 'guide')])).toBe(0)
    expect(await readFile(join(directory, 'guide', 'latest', 'decision-guide.md'), 'utf8')).toMatch(/^# /)
    await expect(guideCommand.run([FIXTURE_PATH, '--out', join(directory, 'x.md')])).rejects.toThrow(
      /--out takes a directory/,
    )
  })

  it('says so, as a usage error (exit 2), for a missing file or one that is not a results file', async () => {
    await expect(reportCommand.run([join(directory, 'nope.json')])).rejects.toThrow(
      new UsageError(
        `no such file: ${join(directory, 'nope.json')} (run \`npm run lab\` first, or name a results.json)`,
      ),
    )
    const other = join(directory, 'other.json')
    await writeFile(other, '{"name":"not a run"}')
    await expect(reportCommand.run([other])).rejects.toThrow(/is not a results file: no schema_version/)
    await expect(compareCommand.run([FIXTURE_PATH])).rejects.toThrow(UsageError)
  })

  it('compares two runs and writes the Markdown', async () => {
    const out = join(directory, 'compare.md')
    expect(await compareCommand.run([FIXTURE_PATH, FIXTURE_PATH, '--markdown', out])).toBe(0)
    expect(await readFile(out, 'utf8')).toMatch(/^# authlab compare\n/)
  })
})
