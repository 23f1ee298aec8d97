import { cp, mkdir, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'

/** `2025-05-01T10:42:07.123Z` → `2025-05-01T10-42-07Z`: sortable, and legal on every file system. */
export const runDirectoryName = (startedAt: string) => startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')

/**
 * `<root>/<timestamp>/`, made, with `<root>/latest` pointing at it (a symlink; a copy where symlinks
 * are not allowed, made by `fill` first): the one layout of every command's `--out DIR`.
 */
export async function outputDirectory(
  root: string,
  startedAt: string,
  fill: (directory: string) => Promise<void>,
): Promise<string> {
  const name = runDirectoryName(startedAt)
  const directory = join(root, name)
  await mkdir(directory, { recursive: true })
  await fill(directory)
  const latest = join(root, 'latest')
  await rm(latest, { recursive: true, force: true })
  await symlink(name, latest, 'dir').catch(() => cp(directory, latest, { recursive: true }))
  return directory
}
