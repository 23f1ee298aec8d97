import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import { ONE_STAGE_OPTIONS } from '../defaults.js'
import { RESULTS_JSON_SCHEMA } from '../stages.js'
import type { LabResults } from '../stages.js'
import { writeResults } from '../report/write-report.js'
import { runLab } from '../lab/lab-run.js'
import { silentProgress } from '../runner/progress.js'
import { hasRedisServer } from '../runner/redis-server.js'
import { selectVariants } from '../runner/variants.js'
import type { CpuProfile } from './cpu-profiler.js'

// Behaviour only: what the section holds and how it adds up, never how many µs anything took.
describe.skipIf(!hasRedisServer())('authlab profile (a real, short profile)', () => {
  const out = mkdtemp(join(tmpdir(), 'authlab-profile-'))
  afterAll(async () => rm(await out, { recursive: true, force: true }))

  it('profiles jwt against the baseline: shares add up to 1, jwt spends time in crypto, files open', async () => {
    const variants = selectVariants(['jwt'], [])
    const results = await runLab({
      options: ONE_STAGE_OPTIONS,
      variants: [],
      configs: { profile: { variants, seconds: 0.6, rounds: 2 } },
      resultsRoot: await out,
      scryptLogN: 10,
      redisUrl: undefined,
      progress: silentProgress,
    })
    const directory = await writeResults(results, await out)
    const written = JSON.parse(await readFile(join(directory, 'results.json'), 'utf8')) as LabResults
    const validate = new Ajv2020({ strict: false }).compile(RESULTS_JSON_SCHEMA)
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true)

    const section = written.profile
    expect(section?.variants.map((variant) => [variant.variant, variant.shares_of])).toEqual([
      ['none', 'own_total'],
      ['jwt', 'above_baseline'],
    ])
    for (const variant of section?.variants ?? []) {
      const shares = variant.categories.reduce((sum, category) => sum + category.share, 0)
      expect(shares).toBeCloseTo(1, 9)
      expect(variant.requests).toBeGreaterThan(0)
      const profile = JSON.parse(await readFile(join(directory, variant.profile_file), 'utf8')) as CpuProfile
      expect(profile.nodes.length).toBeGreaterThan(1)
      expect(profile.samples.length).toBe(profile.timeDeltas.length)
    }
    const jwt = section?.variants.find((variant) => variant.variant === 'jwt')
    expect(jwt?.categories.find((category) => category.category === 'crypto')?.us_per_req).toBeGreaterThan(0)
    expect(jwt?.lab_functions.map((entry) => entry.function)).toContain('verify (servers/jwt/jwt-strategy.ts)')
    expect(jwt?.cross_check?.unprofiled_above_baseline_us?.n).toBe(2)
  })

  // authlab profile --credential: where a refusal's time goes. Every profiled read of a refused
  // variant must answer 401 (one that does not throws, and the variant is left out with a warning).
  const profileRefused = async (strategies: string[], credential: 'malformed' | 'unknown') => {
    const results = await runLab({
      options: ONE_STAGE_OPTIONS,
      variants: [],
      configs: { profile: { variants: selectVariants(strategies, []), seconds: 0.4, rounds: 2, credential } },
      resultsRoot: await out,
      scryptLogN: 10,
      redisUrl: undefined,
      progress: silentProgress,
    })
    const validate = new Ajv2020({ strict: false }).compile(RESULTS_JSON_SCHEMA)
    expect(validate(JSON.parse(JSON.stringify(results))), JSON.stringify(validate.errors)).toBe(true)
    return results
  }

  it('profiles a refused credential: every read answered 401, and the refusal has categories', async () => {
    const results = await profileRefused(['jwt', 'session'], 'malformed')
    expect(results.warnings.filter((warning) => warning.includes('not profiled'))).toEqual([])
    const section = results.profile
    expect(section?.credential).toBe('malformed')
    expect(section?.method).toContain('every read answered 401')
    expect(section?.variants.map((variant) => variant.variant)).toEqual(['none', 'jwt/malformed', 'session/malformed'])
    for (const variant of section?.variants ?? []) {
      expect(variant.requests).toBeGreaterThan(0)
      expect(variant.categories.reduce((sum, category) => sum + category.share, 0)).toBeCloseTo(1, 9)
    }
    // The refusal runs through the app's auth middleware, not the read's handler.
    const jwt = section?.variants.find((variant) => variant.variant === 'jwt/malformed')
    expect(jwt?.lab_functions.map((entry) => entry.function).join('\n')).toMatch(/authenticated|authenticate/)
  })

  it('leaves out, with its reason, a variant that has no such refused kind', async () => {
    const results = await profileRefused(['jwt'], 'unknown')
    expect(results.profile?.variants.map((variant) => variant.variant)).toEqual(['none'])
    expect(results.warnings.join('\n')).toContain('jwt: not profiled: has no unknown credential to refuse')
  })
})
