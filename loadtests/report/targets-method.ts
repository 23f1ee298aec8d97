import type { Environment } from '../results/results-types.js'

/** Where one target's server CPU came from, for the method table and sentence. */
const cpuSource = (target: NonNullable<Environment['targets']>['variants'][number]) =>
  target.server_cpu === null
    ? 'no server CPU (no process given)'
    : `server CPU from ${target.server_cpu === '/proc' ? '/proc/<pid>/stat' : 'its metrics'} of ${target.processes} process${target.processes === 1 ? '' : 'es'}` +
      (target.metrics_to_proc_cpu === undefined
        ? ''
        : `, the metrics reading ${target.metrics_to_proc_cpu.toFixed(3)}× /proc's`)

/** The method table's rows of a `--targets` run: each target, and the stages left out (none otherwise). */
export function targetsMethodRows(environment: Environment): [string, string][] {
  const targets = environment.targets
  if (!targets) return []
  return [
    ...targets.variants.map((target): [string, string] => [
      `target ${target.id}`,
      `${target.urls.join(', ')}; ${cpuSource(target)}; Redis ${target.redis ?? 'not read'}`,
    ]),
    ['stages left out', targets.skipped_stages.map(({ stage, reason }) => `${stage} (${reason})`).join('; ') || 'none'],
  ]
}

/** The method's sentences on where the servers ran and where their CPU was read. */
export function serversSentence(environment: Environment): string {
  const targets = environment.targets
  if (!targets)
    return 'Server CPU comes from /proc/<pid>/stat, Redis CPU and commands from INFO before and after each burst. '
  return (
    `The servers were not started by the lab: they are the targets of ${targets.file} (the machine named here ran the load generator only). ` +
    targets.variants.map((target) => `${target.id}: ${target.urls.join(', ')}, ${cpuSource(target)}`).join('; ') +
    `. Redis CPU and commands come from INFO of each target's Redis, before and after each burst. `
  )
}
