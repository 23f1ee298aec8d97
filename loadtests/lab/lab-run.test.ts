import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import { PROFILES } from '../defaults.js'
import { RESULTS_JSON_SCHEMA } from '../stages.js'
import type { RunOptions } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { writeResults } from '../report/write-report.js'
import { runLab } from './lab-run.js'
import { silentProgress } from '../runner/progress.js'
import { hasRedisServer } from '../runner/redis-server.js'
import { selectVariants } from '../runner/variants.js'

// A whole run in a few seconds: two strategies, tiny bursts, no sweep and no login storm.
const options: RunOptions = {
  ...PROFILES.quick,
  profile: 'quick',
  burst_s: 0.5,
  warmup_s: 0.3,
  rounds: 2,
  connections: 4,
  login_rounds: 0,
  sweep_connections: [],
  sweep_rounds: 0,
  ceiling_bursts: 1,
  cpu_requests: 50,
  cpu_rounds: 2,
  variants: ['none', 'jwt'],
  hot_read_only_variants: [],
  revocation_variants: [],
  attacks: false,
  pin: false,
}

describe.skipIf(!hasRedisServer())('authlab run (integration)', () => {
  const out = mkdtemp(join(tmpdir(), 'authlab-run-'))
  afterAll(async () => rm(await out, { recursive: true, force: true }))

  it('verifies, loads and writes a schema-valid results.json with a ratio per strategy', async () => {
    const variants = selectVariants(['jwt'], [])
    // A private redis-server, as on a clean clone: REDIS_URL is left out on purpose.
    const results = await runLab({ options, variants, scryptLogN: 12, redisUrl: undefined, progress: silentProgress })
    const directory = await writeResults(results, await out)
    const written = JSON.parse(await readFile(join(directory, 'results.json'), 'utf8')) as LabResults

    const validate = new Ajv2020({ strict: false }).compile(RESULTS_JSON_SCHEMA)
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true)
    expect(written.variants.map((variant) => [variant.id, variant.status])).toEqual([
      ['none', 'measured'],
      ['jwt', 'measured'],
    ])

    const samples = written.throughput?.samples ?? []
    expect(samples.length).toBeGreaterThan(0)
    for (const sample of samples) {
      expect(sample.requests).toBeGreaterThan(0)
      expect(sample.errors + sample.timeouts).toBe(0)
      expect(sample.valid).toBe(true)
    }
    const hot = written.throughput?.aggregates.find((entry) => entry.scenario === 'hot-read')
    for (const id of ['none', 'jwt'])
      expect(hot?.variants.find((entry) => entry.variant === id)?.rps_ratio?.median).toBeGreaterThan(0)
    expect(
      written.cpu?.aggregates.find((entry) => entry.variant === 'jwt')?.above_baseline_us,
      written.warnings.join(' | '),
    ).not.toBeNull()
    expect(written.ceiling?.rps?.median).toBeGreaterThan(0)

    expect(await readFile(join(directory, 'summary.md'), 'utf8')).toContain('| jwt |')
    expect(await readlink(join(await out, 'latest'))).toBe(directory.split('/').at(-1))
  }, 60_000)
})
