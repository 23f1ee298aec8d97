import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release, type } from 'node:os'
import type { Environment } from './results-types.js'

// The libraries whose versions decide the numbers: the auth libraries, the stores, the load generator.
const LIBRARIES = ['express', 'express-session', 'connect-redis', 'jsonwebtoken', 'paseto', 'redis', 'autocannon']

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

export interface EnvironmentFacts {
  readonly redisVersion: string
  readonly redisSource: Environment['redis_source']
  readonly pinning: Environment['pinning']
  readonly scryptLogN: number
}

export function describeEnvironment({ redisVersion, redisSource, pinning, scryptLogN }: EnvironmentFacts): Environment {
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
    scrypt_log_n: scryptLogN,
  }
}
