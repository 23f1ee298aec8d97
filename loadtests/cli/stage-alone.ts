import { loadConfig } from '../../servers/core/config.js'
import { ONE_STAGE_OPTIONS } from '../defaults.js'
import { runLab } from '../lab/lab-run.js'
import type { LabResults, StageConfigs } from '../stages.js'
import { writeReport } from '../report/write-report.js'
import { writeResults } from '../report/write-report.js'
import type { Progress } from '../runner/progress.js'

export interface StageAloneRun {
  readonly results: LabResults
  /** The run's results directory, and the report's files in it. */
  readonly directory: string
  readonly report: { readonly html: string; readonly md: string }
}

/**
 * One stage through the whole run machinery (Redis, environment, results.json, report), every load
 * stage off and no servers prepared: what `authlab profile`, `failover`, `browser` and the store
 * commands need (a missing Redis is main.ts's to say).
 */
export async function runStageAlone(configs: StageConfigs, outDir: string, progress: Progress): Promise<StageAloneRun> {
  const results = await runLab({
    options: ONE_STAGE_OPTIONS,
    variants: [],
    configs,
    resultsRoot: outDir,
    scryptLogN: loadConfig(process.env).scryptLogN,
    redisUrl: process.env.REDIS_URL || undefined,
    progress,
  })
  const directory = await writeResults(results, outDir)
  return { results, directory, report: await writeReport(results, directory) }
}
