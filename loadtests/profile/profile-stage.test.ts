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
})
