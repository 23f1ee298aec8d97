import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release, type } from 'node:os'
import { strategyLibraries } from '../../servers/registry.js'
import type { Environment, TargetsRecord } from './results-types.js'

// The libraries whose versions decide the numbers: the app's, each strategy's (from the registry),
// the Redis client and the load generator.
const LIBRARIES = ['express', ...strategyLibraries(), 'redis', 'autocannon']

function libraryVersion(name: string): string {
  try {
    const file = new URL(`../../node_modules/${name}/package.json`, import.meta.url)
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

function gitCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' })
  if (head.status !== 0) return null
  // A number measured on uncommitted code must say so, or nobody can reproduce it.
  const dirty = spawnSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).stdout?.trim()
  return `${head.stdout.trim()}${dirty ? '+dirty' : ''}`
}

/** The password hash the servers used, when this run set it (not in a --targets run). */
export const hashCost = (environment: Pick<Environment, 'scrypt_log_n'>) =>
  environment.scrypt_log_n === undefined
    ? "the servers' own password hash (not set by this run)"
    : `scrypt, log2(N) = ${environment.scrypt_log_n}`

export interface EnvironmentFacts {
  readonly redisVersion: string
  readonly redisSource: Environment['redis_source']
  readonly pinning: Environment['pinning']
  /** Undefined in a --targets run: the servers' own. */
  readonly scryptLogN: number | undefined
  readonly targets?: TargetsRecord
}

export function describeEnvironment({
  redisVersion,
  redisSource,
  pinning,
  scryptLogN,
  targets,
}: EnvironmentFacts): Environment {
  const cpuList = cpus()
  return {
    node: process.version,
    os: `${type()} ${release()} (${process.platform}/${process.arch})`,
    cpu_model: cpuList[0]?.model ?? 'unknown',
    cpu_count: cpuList.length,
    redis_version: redisVersion,
    redis_source: redisSource,
    libraries: Object.fromEntries(LIBRARIES.map((name) => [name, libraryVersion(name)])),
    git_commit: gitCommit(),
    pinned: pinning !== undefined,
    ...(pinning && { pinning }),
    ...(scryptLogN !== undefined && { scrypt_log_n: scryptLogN }),
    ...(targets && { targets }),
  }
}
