import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { cycles, folderGraph, type FolderGraph } from './support/import-graph.js'

// The house of loadtests/ (three floors, imports only go down): the ground floor, with render/ (the
// format, table and SVG pieces every renderer uses), imports no stage, and no folder imports one
// that imports it back.
const GROUND = ['results', 'render', 'runner', 'scenarios', 'defaults.ts']

/**
 * Imports that break the rules today and are being taken out (issue 27). This list may only
 * shrink: an entry that no longer exists fails the test, so it is removed when it is fixed.
 */
const KNOWN_WRONG: readonly string[] = ['defaults.ts -> failover', 'defaults.ts -> revocation', 'defaults.ts -> store']

const edges = (graph: FolderGraph) => [...graph].flatMap(([from, tos]) => [...tos].map((to) => `${from} -> ${to}`))

const without = (graph: FolderGraph, removed: readonly string[]): FolderGraph =>
  new Map(
    [...graph].map(([from, tos]) => [from, new Set([...tos].filter((to) => !removed.includes(`${from} -> ${to}`)))]),
  )

describe('the folders of loadtests/ (tests left out)', () => {
  const graph = folderGraph(fileURLToPath(new URL('../loadtests', import.meta.url)))

  it('form no cycle', () => {
    expect(cycles(without(graph, KNOWN_WRONG))).toEqual([])
  })

  it('have a ground floor (results, runner, scenarios, defaults.ts) that imports only the ground floor', () => {
    const upward = edges(graph).filter((edge) => {
      const [from, to] = edge.split(' -> ') as [string, string]
      return GROUND.includes(from) && !GROUND.includes(to)
    })
    expect(upward.filter((edge) => !KNOWN_WRONG.includes(edge))).toEqual([])
  })

  it('still have every import the list of known wrong ones names (fixed ones leave the list)', () => {
    expect(KNOWN_WRONG.filter((edge) => !edges(graph).includes(edge))).toEqual([])
  })
})
