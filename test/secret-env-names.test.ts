import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { attackCommand } from '../loadtests/cli/attack-command.js'
import { keysCommand } from '../loadtests/cli/keys-command.js'
import {
  freshSecretsFor,
  secretVariables,
  secretVariablesOf,
  strategyEntry,
  strategyNames,
  VARIANT_OPTIONS,
} from '../servers/registry.js'

// A secret's env name (JWT_SECRET, SESSION_SECRETS, ...) is spelt once, in servers/core/secret-env.ts;
// the registry says whose it is, and the help texts, config.ts, fresh-secrets.ts and the attack
// runner take it from there. Comments may name it; code may not, outside the strategy's own folder.
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DECLARED_IN = join('servers', 'core', 'secret-env.ts')

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })

/** loadtests/, and servers/ but for the strategies' own folders (their errors name their secrets). */
function checkedFiles(): string[] {
  const strategyFolders = new Set(strategyNames())
  const servers = readdirSync(join(ROOT, 'servers'), { withFileTypes: true }).flatMap((entry) => {
    const path = join(ROOT, 'servers', entry.name)
    if (entry.isDirectory()) return strategyFolders.has(entry.name) ? [] : sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
  return [...sources(join(ROOT, 'loadtests')), ...servers].filter((file) => relative(ROOT, file) !== DECLARED_IN)
}

/** Each of the names found in an identifier, a string or a template's text (comments are no nodes). */
function namesInCode(names: readonly string[]): string[] {
  const found: string[] = []
  for (const file of checkedFiles()) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      const text =
        ts.isIdentifier(node) || ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) ? node.text : ''
      for (const name of names) if (text.includes(name)) found.push(`${relative(ROOT, file)}: ${name}`)
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return found
}

describe('secrets env names', () => {
  it('are spelt only in servers/core/secret-env.ts, outside the strategies and tests', () => {
    const names = secretVariables().map((variable) => variable.name)
    expect(names).toContain('JWT_SECRET')
    const found = namesInCode(names)
    expect(found, found.join('\n')).toEqual([])
  })

  it("come from the registry: a strategy's fresh secrets set only variables it declares", async () => {
    for (const name of strategyNames()) {
      const declared = secretVariablesOf(name).map((variable) => variable.name)
      // Every algorithm where the strategy takes one: HS256 uses a secret, RS256 and ES256 a private key.
      const algs = strategyEntry(name).options.includes('alg') ? VARIANT_OPTIONS.alg.values : [undefined]
      for (const options of algs.map((alg) => ({ alg })))
        expect(declared, name).toEqual(expect.arrayContaining(Object.keys(await freshSecretsFor(name, options))))
    }
  })

  it('are all in the help of keys and of attack', () => {
    for (const { name } of secretVariables()) {
      expect(keysCommand.usage).toContain(name)
      expect(keysCommand.summary).toContain(name)
      expect(attackCommand.usage).toContain(name)
    }
  })
})
