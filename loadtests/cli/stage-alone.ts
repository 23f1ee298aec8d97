import { loadConfig } from '../../servers/core/config.js'
import { ONE_STAGE_OPTIONS } from '../defaults.js'
import { runLab } from '../lab/lab-run.js'
import type { StageConfigs } from '../stages.js'
import type { RunResults, RunOptions } from '../results/results-types.js'
import type { RunAlone } from '../runner/stage.js'
import { writeReport } from '../report/write-report.js'
import { writeResults } from '../report/write-report.js'
import type { Progress } from '../runner/progress.js'

/**
 * One stage through the whole run machinery (Redis, environment, results.json, report), every load
 * stage off and no servers prepared: what each stage's own command is handed (runner/stage.ts,
 * RunAlone). A missing Redis is main.ts's to say.
 */
export const runStageAlone: RunAlone = async <Sections extends object>(
  configs: Readonly<Record<string, unknown>>,
  outDir: string,
  progress: Progress,
  options?: Partial<RunOptions>,
) => {
  const results = await runLab({
    options: { ...ONE_STAGE_OPTIONS, ...options },
    variants: [],
    configs: configs as StageConfigs,
    resultsRoot: outDir,
    scryptLogN: loadConfig(process.env).scryptLogN,
    redisUrl: process.env.REDIS_URL || undefined,
    progress,
  })
  const directory = await writeResults(results, outDir)
  // The stage's sections are those its command names: what the run machinery filled in.
  return {
    results: results as RunResults & Partial<Sections>,
    directory,
    report: await writeReport(results, directory),
  }
}
