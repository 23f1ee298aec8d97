import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { UsageError } from '../cli/command.js'
import { compareCommand } from '../cli/compare-command.js'
import { reportCommand } from '../cli/report-command.js'
import { FIXTURE_PATH } from './fixtures/load-fixture.js'

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

  it('writes report.html and report.md where --out says', async () => {
    expect(await reportCommand.run([FIXTURE_PATH, '--out', directory])).toBe(0)
    expect(await readFile(join(directory, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/)
    expect(await readFile(join(directory, 'report.md'), 'utf8')).toMatch(/^# authlab run /)
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
