import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { ONE_STAGE_OPTIONS } from '../loadtests/defaults.js'
import { runLab } from '../loadtests/lab/lab-run.js'
import { renderHtml } from '../loadtests/report/render-html.js'
import { renderMarkdown } from '../loadtests/report/render-markdown.js'
import { renderSummary } from '../loadtests/report/render-summary.js'
import { silentProgress, type Progress } from '../loadtests/runner/progress.js'
import { hasRedisServer } from '../loadtests/runner/redis-server.js'
import { LAB_STAGES, schemaOf, type LabResults } from '../loadtests/stages.js'
import { toyStage } from './toy-stage/stage.js'

// Adding a stage is one folder (./toy-stage/) and one entry in the list of stages: the lab plans it,
// runs it, and the schema, the summary and the report take its section from the list alone.
const stages = [...LAB_STAGES, toyStage]

/** A progress line that keeps what the run planned and which steps it announced. */
function recordingProgress() {
  const seen = { planned: [] as number[], steps: [] as string[] }
  const progress: Progress = {
    ...silentProgress,
    plan: (seconds) => seen.planned.push(seconds),
    step: (label) => seen.steps.push(label),
  }
  return { seen, progress }
}

const runWith = (skip: readonly string[], progress: Progress) =>
  runLab({ options: ONE_STAGE_OPTIONS, variants: [], stages, skip, scryptLogN: 10, redisUrl: undefined, progress })

describe.skipIf(!hasRedisServer())('a toy stage, from one folder and one list entry', () => {
  it('is planned, run, validated by the schema and drawn in the summary and the report', async () => {
    const withToy = recordingProgress()
    const results = await runWith([], withToy.progress)
    const withoutToy = recordingProgress()
    const skipped = await runWith(['toy'], withoutToy.progress)

    // Planned: its estimate (3 s in the default profile) is counted in the run's plan.
    expect((withToy.seen.planned[0] ?? 0) - (withoutToy.seen.planned[0] ?? 0)).toBe(3)
    // Run: its step was announced and its section is in results.json.
    expect(withToy.seen.steps).toContain('toy: counting variants')
    const toy = (results as LabResults & { toy?: unknown }).toy
    expect(toy).toEqual({
      method: { description: 'Counts the variants of the run.' },
      runs: [{ profile: 'default', variants: 0 }],
    })

    // Validated: the list's schema holds the toy's, and refuses a toy section that breaks it.
    const validate = new Ajv2020({ strict: false }).compile(schemaOf(stages))
    expect(validate(JSON.parse(JSON.stringify(results))), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...results, toy: { method: {}, runs: [{ variants: -1 }] } })).toBe(false)

    // Drawn: its Markdown in summary.md and report.md, its HTML in report.html.
    expect(renderSummary(results, stages)).toContain('The toy counted 0 variants.')
    expect(renderMarkdown(results, stages)).toContain('## The toy')
    expect(renderHtml(results, stages)).toContain('<section id="toy"><h2>The toy</h2><p>1 toy run</p></section>')

    // Skipped: not run, and the summary and the report say so with its note.
    expect('toy' in skipped).toBe(false)
    expect(renderMarkdown(skipped, stages)).toContain('- The toy: not part of this run (`--skip toy`).')
    expect(renderHtml(skipped, stages)).toContain('The toy: not part of this run')
  }, 60_000)
})
