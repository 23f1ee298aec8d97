import { loadConfig } from '../../servers/core/config.js'
import type { LabResults } from '../results/results-types.js'
import { writeReport } from '../report/write-report.js'
import { writeResults } from '../results/write-results.js'
import { runLab, RedisUnavailableError, type LabRunConfig } from '../runner/lab-run.js'
import type { Progress } from '../runner/progress.js'
import { ONE_STAGE_OPTIONS } from './run-options.js'

export interface StageAloneRun {
  readonly results: LabResults
  /** The run's results directory, and the report's files in it. */
  readonly directory: string
  readonly report: { readonly html: string; readonly md: string }
}

/**
 * One stage through the whole run machinery (Redis, environment, results.json, report), every load
 * stage off: what `authlab revoke` and `authlab profile` share. Undefined, with the reason printed,
 * when there is no Redis to be had.
 */
export async function runStageAlone(
  stage: Pick<LabRunConfig, 'revocation' | 'profile'> & { readonly options?: LabRunConfig['options'] },
  outDir: string,
  progress: Progress,
): Promise<StageAloneRun | undefined> {
  let results
  try {
    results = await runLab({
      options: ONE_STAGE_OPTIONS,
      variants: [],
      ...stage,
      scryptLogN: loadConfig(process.env).scryptLogN,
      redisUrl: process.env.REDIS_URL || undefined,
      progress,
    })
  } catch (error) {
    if (!(error instanceof RedisUnavailableError)) throw error
    console.error(error.message)
    return undefined
  }
  const directory = await writeResults(results, outDir)
  return { results, directory, report: await writeReport(results, directory) }
}
