import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import { ONE_STAGE_OPTIONS } from '../defaults.js'
import { runLab } from '../lab/lab-run.js'
import { RESULTS_JSON_SCHEMA } from '../stages.js'
import type { LabResults } from '../stages.js'
import { writeResults } from '../report/write-report.js'
import { silentProgress } from '../runner/progress.js'
import { hasRedisServer } from '../runner/redis-server.js'
import { parseVariant } from '../runner/variants.js'

// Real redis-server processes killed and restarted under real servers: counts, never timings.
describe.skipIf(!hasRedisServer())('store-restart (a real Redis killed and started again)', () => {
  const out = mkdtemp(join(tmpdir(), 'authlab-store-restart-'))
  afterAll(async () => rm(await out, { recursive: true, force: true }))

  it('without persistence a crash loses sessions and undoes revocations; with AOF it loses nothing', async () => {
    const variants = ['session', 'jwt:revocation=denylist', 'jwt'].map((text) => parseVariant(text))
    const results = await runLab({
      options: ONE_STAGE_OPTIONS,
      variants: [],
      configs: {
        store: { restart: { variants, options: { persistence: ['none', 'aof'], stops: ['crash'], credentials: 2 } } },
      },
      resultsRoot: await out,
      scryptLogN: 10,
      redisUrl: undefined,
      progress: silentProgress,
    })
    const directory = await writeResults(results, await out)
    const written = JSON.parse(await readFile(join(directory, 'results.json'), 'utf8')) as LabResults
    const validate = new Ajv2020({ strict: false }).compile(RESULTS_JSON_SCHEMA)
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true)
    expect(written.warnings.filter((warning) => warning.includes('store'))).toEqual([])

    const run = (variant: string, persistence: string) =>
      written.store_restart?.runs.find((entry) => entry.variant === variant && entry.persistence === persistence)
    const counts = (variant: string, persistence: string) => {
      const found = run(variant, persistence)
      return found && [found.live, found.live_lost, found.revoked, found.revoked_accepted_again]
    }
    // No persistence: every session gone (users logged out), every denylisted token back in.
    expect(counts('session', 'none')).toEqual([2, 2, 2, 0])
    expect(counts('jwt:revocation=denylist', 'none')).toEqual([2, 0, 2, 2])
    // AOF (everysec) survives a crash of the process: nothing lost, nothing undone.
    expect(counts('session', 'aof')).toEqual([2, 0, 2, 0])
    expect(counts('jwt:revocation=denylist', 'aof')).toEqual([2, 0, 2, 0])
    // A token nobody can revoke: logout changed nothing, so a restart has nothing to undo.
    expect(run('jwt', 'none')?.revocation_effect).toBe('none')
    expect(counts('jwt', 'none')).toEqual([2, 0, 0, 0])
  }, 120_000)
})
