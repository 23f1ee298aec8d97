import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { BASELINE_ID } from '../loadtests/runner/variants.js'
import { BASELINE, strategyNames } from '../servers/registry.js'

// The harness learns which strategies exist from servers/registry.ts: outside the attack catalogues
// (attacks/catalogue-*.ts, which are about one strategy each) and the tests, loadtests/ names at
// most a handful of strategies in a string literal. `none` is left out of the count: it is also a
// revocation mode, a Redis persistence and a JWT alg; the baseline's own name comes from the registry.
const ROOT = fileURLToPath(new URL('../loadtests', import.meta.url))
const AT_MOST = 3

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path)
    const counted = entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
    return counted && !/^catalogue-.*\.ts$/.test(entry.name) ? [path] : []
  })

/** Every string literal (not a module specifier) that is exactly a strategy's name, as `file: 'name'`. */
function strategyLiterals(names: readonly string[]): string[] {
  const found: string[] = []
  for (const file of sources(ROOT)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        const specifier = ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent)
        if (!specifier && names.includes(node.text)) found.push(`${relative(ROOT, file)}: '${node.text}'`)
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return found
}

describe('strategy names in loadtests/', () => {
  it(`are string literals at most ${AT_MOST} times outside the attack catalogues and tests`, () => {
    const literals = strategyLiterals(strategyNames().filter((name) => name !== BASELINE))
    expect(literals.length, literals.join('\n')).toBeLessThanOrEqual(AT_MOST)
  })

  it("take the baseline's name from the registry", () => {
    expect(BASELINE_ID).toBe(BASELINE)
  })
})
