import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, hasRedisServer, startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { spawnServer, type ServerProcess } from '../loadtests/runner/server-process.js'
import { LAB_STAGES, schemaOf, type LabResults } from '../loadtests/stages.js'

/**
 * `authlab run --targets` (issue 30) against servers it did not start: each one its own process, as
 * compose would run it (`authlab serve <strategy> --port N`, metrics on loopback), a redis-server of
 * the test's own. Their CPU is read from /proc and from their metrics: the same quantity twice.
 */
const CLI = fileURLToPath(new URL('../bin/authlab.js', import.meta.url))
const STRATEGIES = ['none', 'jwt', 'session'] as const

describe.skipIf(!hasRedisServer())('authlab run --targets', () => {
  let redis: RedisServer
  let directory: string
  const servers = new Map<string, ServerProcess & { readonly metricsUrl: string }>()

  beforeAll(async () => {
    redis = await startRedisServer()
    directory = await mkdtemp(join(tmpdir(), 'authlab-targets-'))
    for (const strategy of STRATEGIES) {
      const [port, metricsPort] = [await freePort(), await freePort()]
      const server = await spawnServer({
        label: strategy,
        args: [CLI, 'serve', strategy, '--port', String(port)],
        env: {
          ...process.env,
          REDIS_URL: redis.url,
          AUTHLAB_KEY_PREFIX: `targets-test:${strategy}:`,
          AUTHLAB_SCRYPT_LOG_N: '12',
          AUTHLAB_METRICS: 'loopback',
          AUTHLAB_METRICS_PORT: String(metricsPort),
        },
      })
      servers.set(strategy, { ...server, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` })
    }
  }, 60_000)

  afterAll(async () => {
    await Promise.all([...servers.values()].map((server) => server.stop()))
    await redis?.stop()
    if (directory) await rm(directory, { recursive: true, force: true })
  })

  it('verifies and loads them, and reads the same CPU per request from /proc and from the metrics', async () => {
    const entry = (strategy: string) => {
      const server = servers.get(strategy) as ServerProcess & { metricsUrl: string }
      return {
        urls: [server.url],
        ...(strategy === 'session' && { redis_url: redis.url }),
        processes: [{ metrics_url: server.metricsUrl, pid: server.pid }],
      }
    }
    // apikey at jwt's address: it fails the contract's checks, is reported, and never loaded.
    const variants = { ...Object.fromEntries(STRATEGIES.map((name) => [name, entry(name)])), apikey: entry('jwt') }
    const file = join(directory, 'targets.json')
    await writeFile(file, JSON.stringify({ variants }))

    const child = spawn(process.execPath, [CLI, 'run', '--targets', file, '--quick', '--out', directory], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const [code] = (await once(child, 'exit')) as [number]
    // 1: a target failed verification (apikey), as a local server that fails does.
    expect(code, output).toBe(1)
    expect(output).toContain('cpu stage left out')

    const results = JSON.parse(await readFile(join(directory, 'latest', 'results.json'), 'utf8')) as LabResults
    const validate = new Ajv2020({ strict: false }).compile(schemaOf(LAB_STAGES))
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true)
    expect(results.variants.map((variant) => [variant.id, variant.status])).toEqual([
      ['none', 'measured'],
      ['jwt', 'measured'],
      ['session', 'measured'],
      ['apikey', 'failed'],
    ])
    const samples = results.throughput?.samples ?? []
    expect(samples.some((sample) => sample.variant === 'apikey')).toBe(false)

    const hot = results.throughput?.aggregates.find((aggregate) => aggregate.scenario === 'hot-read')
    for (const id of ['jwt', 'session']) {
      const variant = hot?.variants.find((candidate) => candidate.variant === id)
      expect(variant?.rps_ratio?.median, id).toBeGreaterThan(0)
      expect(variant?.server_cpu_us_per_req?.median, id).toBeGreaterThan(0)
    }
    // The session server's Redis, named in the file, read around every burst.
    expect(
      hot?.variants.find((variant) => variant.variant === 'session')?.redis_commands_per_req?.median,
    ).toBeGreaterThan(0)

    const { environment } = results
    expect(environment.redis_source).toBe('targets')
    expect(environment.scrypt_log_n).toBeUndefined()
    expect(environment.targets?.skipped_stages.map((skipped) => skipped.stage)).toContain('cpu')
    for (const id of STRATEGIES) {
      const target = environment.targets?.variants.find((variant) => variant.id === id)
      expect(target?.server_cpu, id).toBe('/proc')
      // Two sources of one quantity: the process's CPU time, summed over every burst that read both.
      expect(target?.metrics_to_proc_cpu, id).toBeGreaterThan(0.85)
      expect(target?.metrics_to_proc_cpu, id).toBeLessThan(1.15)
    }

    // The report reads like a local one's, with the targets in its method table and sentence.
    const [report, summary] = await Promise.all(
      ['report.html', 'summary.md'].map((name) => readFile(join(directory, 'latest', name), 'utf8')),
    )
    const session = servers.get('session')?.url ?? ''
    expect(report).toMatch(new RegExp(`<td>target session</td><td>${session}; server CPU from /proc/&lt;pid&gt;/stat`))
    expect(report).toContain('<td>stages left out</td>')
    expect(summary).toContain(`they are the targets of ${file}`)
    expect(summary).toContain("Password hashing: the servers' own password hash")
  }, 120_000)
})
