import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { cycles, folderGraph } from './support/import-graph.js'

// The house of loadtests/ (three floors, imports only go down): the ground floor, with render/ (the
// format, table and SVG pieces every renderer uses), imports no stage, and no folder imports one
// that imports it back.
const GROUND = ['results', 'render', 'runner', 'scenarios', 'defaults.ts']

describe('the folders of loadtests/ (tests left out)', () => {
  const graph = folderGraph(fileURLToPath(new URL('../loadtests', import.meta.url)))

  it('form no cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('have a ground floor (results, render, runner, scenarios, defaults.ts) that imports only the ground floor', () => {
    const upward = [...graph]
      .filter(([from]) => GROUND.includes(from))
      .flatMap(([from, tos]) => [...tos].filter((to) => !GROUND.includes(to)).map((to) => `${from} -> ${to}`))
    expect(upward).toEqual([])
  })
})
