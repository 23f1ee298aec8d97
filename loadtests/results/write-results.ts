import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderSummary } from './render-summary.js'
import type { LabResults } from './results-types.js'

/** `2025-05-01T10:42:07.123Z` → `2025-05-01T10-42-07Z`: sortable, and legal on every file system. */
export const runDirectoryName = (startedAt: string) => startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')

/**
 * Writes `<root>/<timestamp>/results.json` and `summary.md` next to it, then points `<root>/latest`
 * at that directory (a symlink; a copy where symlinks are not allowed). Returns the directory.
 */
export async function writeResults(results: LabResults, root: string): Promise<string> {
  const name = runDirectoryName(results.started_at)
  const directory = join(root, name)
  await mkdir(directory, { recursive: true })
  await writeFile(join(directory, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  await writeFile(join(directory, 'summary.md'), renderSummary(results))
  const latest = join(root, 'latest')
  await rm(latest, { recursive: true, force: true })
  await symlink(name, latest, 'dir').catch(() => cp(directory, latest, { recursive: true }))
  return directory
}
