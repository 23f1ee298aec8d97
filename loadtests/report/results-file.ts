/** Tells a results.json from any other JSON before a renderer trips over a missing field. */
import { RESULTS_SCHEMA_VERSION } from '../results/results-types.js'
import type { LabResults } from '../stages.js'

export class ResultsFileError extends Error {}

const REQUIRED = ['schema_version', 'started_at', 'environment', 'options', 'baseline', 'variants', 'warnings'] as const

export function parseResults(text: string, source: string): LabResults {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ResultsFileError(`${source} is not a results file: not JSON (${(error as Error).message})`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ResultsFileError(`${source} is not a results file: not a JSON object`)
  const missing = REQUIRED.filter((key) => !(key in value))
  if (missing.length) throw new ResultsFileError(`${source} is not a results file: no ${missing.join(', ')}`)
  const version = (value as { schema_version: unknown }).schema_version
  if (version !== RESULTS_SCHEMA_VERSION) {
    throw new ResultsFileError(
      `${source} has schema_version ${JSON.stringify(version)}; this authlab reads version ${RESULTS_SCHEMA_VERSION}`,
    )
  }
  return value as LabResults
}
