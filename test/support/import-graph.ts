// The folder import graph of loadtests/ (tests left out): which folder imports which. A top-level
// file (defaults.ts) is a node of its own. Read as text: static imports, re-exports and import().
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/** The node a file belongs to: its first folder under root, or the file itself at the top. */
function nodeOf(root: string, file: string): string | undefined {
  const rel = relative(root, file)
  if (rel.startsWith('..')) return undefined
  return rel.split(sep)[0]
}

export type FolderGraph = Map<string, Set<string>>

export function folderGraph(root: string): FolderGraph {
  const graph: FolderGraph = new Map()
  for (const file of sourceFiles(root)) {
    const from = nodeOf(root, file)!
    if (!graph.has(from)) graph.set(from, new Set())
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = nodeOf(root, resolve(dirname(file), match[1]!).replace(/\.js$/, '.ts'))
      if (to !== undefined && to !== from) graph.get(from)!.add(to)
    }
  }
  return graph
}

/** Strongly connected components with more than one node (Tarjan): each one is a cycle of folders. */
export function cycles(graph: FolderGraph): string[][] {
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (node: string): void => {
    indexOf.set(node, index)
    low.set(node, index++)
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!))
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        component.push(member)
      } while (member !== node)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) visit(node)
  return found
}
