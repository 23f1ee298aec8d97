import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import { ONE_STAGE_OPTIONS } from '../defaults.js'
import { runLab } from '../lab/lab-run.js'
import { findings } from '../report/findings.js'
import { renderHtml } from '../report/render-html.js'
import { RESULTS_JSON_SCHEMA, type LabResults } from '../stages.js'
import { renderSummary } from '../report/render-summary.js'
import { writeResults } from '../report/write-report.js'
import { silentProgress } from '../runner/progress.js'
import { hasRedisServer } from '../runner/redis-server.js'
import { parseVariant } from '../runner/variants.js'
import { REFUSAL_SCHEMA } from './refusal-schema.js'

// Real servers, a real Redis, real autocannon bursts: what the section holds, never how fast.
describe.skipIf(!hasRedisServer())('the refusal stage (real servers, one short round)', () => {
  const out = mkdtemp(join(tmpdir(), 'authlab-refusal-'))
  afterAll(async () => rm(await out, { recursive: true, force: true }))

  it('measures every refused kind: each burst answered 401, the schema holds, a store lookup is marked', async () => {
    const variants = ['jwt:revocation=denylist', 'apikey'].map((text) => parseVariant(text))
    const results = await runLab({
      options: { ...ONE_STAGE_OPTIONS, connections: 4, burst_s: 1, pre_burst_s: 0.1, warmup_s: 0.5 },
      variants: [],
      configs: { refusal: { variants, rounds: 1 } },
      resultsRoot: await out,
      scryptLogN: 10,
      redisUrl: undefined,
      progress: silentProgress,
    })
    const directory = await writeResults(results, await out)
    const written = JSON.parse(await readFile(join(directory, 'results.json'), 'utf8')) as LabResults
    const ajv = new Ajv2020({ strict: false })
    const validate = ajv.compile(RESULTS_JSON_SCHEMA)
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true)
    const section = written.refusal
    expect(ajv.validate(REFUSAL_SCHEMA, section), JSON.stringify(ajv.errors)).toBe(true)
    expect(written.warnings.filter((warning) => warning.startsWith('refusal'))).toEqual([])

    const rows = section?.rows ?? []
    expect(rows.map((row) => `${row.variant}/${row.kind}`).sort()).toEqual(
      [
        'apikey/bad-signature',
        'apikey/malformed',
        'apikey/unknown',
        'apikey/valid',
        'jwt:revocation=denylist/bad-signature',
        'jwt:revocation=denylist/expired',
        'jwt:revocation=denylist/malformed',
        'jwt:revocation=denylist/revoked',
        'jwt:revocation=denylist/valid',
      ].sort(),
    )
    for (const row of rows) {
      const expected = row.kind === 'valid' ? '200' : '401'
      expect(Object.keys(row.statuses), `${row.variant}/${row.kind}`).toEqual([expected])
      expect(row.valid_bursts, `${row.variant}/${row.kind}`).toBe(1)
      expect(row.rps_ratio?.n).toBe(1)
    }
    // One variant at a time: a round holds the bursts of one variant's server and the baseline's,
    // so no server idles through the other variants' bursts (see runRefusalStage).
    const serversByRound = new Map<number, Set<string>>()
    for (const sample of section?.samples ?? []) {
      if (sample.variant === 'none') continue
      const servers = serversByRound.get(sample.round) ?? new Set<string>()
      serversByRound.set(sample.round, servers.add(sample.variant.split('/')[0] as string))
    }
    expect([...serversByRound.values()].map((servers) => [...servers])).toEqual([
      ['jwt:revocation=denylist'],
      ['apikey'],
    ])
    const reaches = (variant: string, kind: string) =>
      rows.find((row) => row.variant === variant && row.kind === kind)?.reaches_store
    // A key tagged with the secret but never issued is looked up; one with a broken tag is not.
    expect(reaches('apikey', 'unknown')).toBe(true)
    expect(reaches('apikey', 'bad-signature')).toBe(false)
    expect(reaches('jwt:revocation=denylist', 'revoked')).toBe(true)
    expect(reaches('jwt:revocation=denylist', 'malformed')).toBe(false)

    // What reaches Redis takes the server's secret or a credential once issued: no garbage does.
    const sentences = findings(written)
    const finding = sentences.find((sentence) => sentence.startsWith('Refused credentials reach Redis'))
    expect(finding).toContain('apikey unknown')
    expect(finding).toContain("only when made with the server's secret or replayed from a credential it once issued")
    expect(finding).toContain('nothing made without the secret or an account does')
    expect(sentences.join('\n')).not.toContain('Garbage reaches Redis')
    expect(sentences.join('\n')).toContain("In apikey a forged credential stops before the store, on a cookie's")
    const summary = renderSummary(written)
    expect(summary).toContain('| apikey | unknown |')
    expect(summary).toContain('yes, made only with the secret or a credential once issued')
    expect(summary).not.toContain('YES: garbage reaches Redis')
    expect(renderHtml(written)).toContain('id="refusal"')
  }, 300_000)
})
