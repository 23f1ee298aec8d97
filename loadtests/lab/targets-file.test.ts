import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readTargetsFile } from './targets-file.js'

const directory = mkdtempSync(join(tmpdir(), 'authlab-targets-'))
const file = (name: string, text: string) => {
  const path = join(directory, name)
  writeFileSync(path, text)
  return path
}
const TOKEN_ENV = { AUTHLAB_METRICS_TOKEN: 'x'.repeat(32) }

describe('targets file', () => {
  it('reads the documented example (YAML, anchors), the baseline first', () => {
    const plan = readTargetsFile('docs/targets.example.yaml', TOKEN_ENV)
    expect(plan.targets.map((target) => target.variant.id)).toEqual([
      'none',
      'jwt:revocation=denylist',
      'session',
      'apikey',
      'paseto:revocation=denylist',
    ])
    const jwt = plan.targets[1]
    expect(jwt?.urls).toEqual(['http://10.0.0.10:4001'])
    expect(jwt?.redisUrl).toBe('redis://10.0.0.10:6379')
    expect(jwt?.user.username).toBe('alice')
    expect(jwt?.processes).toEqual([
      { metricsUrl: 'http://10.0.0.10:9510/metrics', metricsToken: TOKEN_ENV.AUTHLAB_METRICS_TOKEN },
      { metricsUrl: 'http://10.0.0.10:9511/metrics', metricsToken: TOKEN_ENV.AUTHLAB_METRICS_TOKEN },
    ])
  })

  it('reads JSON too, with secrets from the environment it names', () => {
    const path = file(
      'targets.json',
      JSON.stringify({
        variants: {
          jwt: { urls: ['https://api.example.com/'], login: { username: 'bob', password_env: 'BOB_PASSWORD' } },
          none: { urls: ['http://10.0.0.2:3000', 'http://10.0.0.3:3000'], processes: [{ pid: 4242 }] },
        },
      }),
    )
    const plan = readTargetsFile(path, { BOB_PASSWORD: 'builder' })
    expect(plan.targets[0]?.urls).toEqual(['http://10.0.0.2:3000', 'http://10.0.0.3:3000'])
    expect(plan.targets[0]?.processes).toEqual([{ pid: 4242 }])
    expect(plan.targets[1]?.urls).toEqual(['https://api.example.com'])
    expect(plan.targets[1]?.user).toEqual({ username: 'bob', password: 'builder' })
  })

  it('names the place of every schema error', () => {
    const path = file(
      'bad.yaml',
      [
        'variants:',
        '  none: { urls: ["ftp://10.0.0.2"] }',
        '  jwt: { url: ["http://10.0.0.2:3001"] }',
        '  session: { urls: ["http://10.0.0.2:3002"], processes: [{ metrics_token_env: TOKEN }] }',
      ].join('\n'),
    )
    let message = ''
    try {
      readTargetsFile(path, {})
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('docs/targets.schema.json')
    expect(message).toContain('variants.none.urls[0]: must match pattern')
    expect(message).toContain('variants.jwt: unknown field "url"')
    expect(message).toContain("variants.jwt: must have required property 'urls'")
    expect(message).toContain('variants.session.processes[0]: must have property metrics_url')
  })

  it('requires the baseline, a known variant, readable YAML and every secret it names', () => {
    const noBaseline = file('no-none.yaml', 'variants:\n  jwt: { urls: ["http://10.0.0.2:3001"] }\n')
    expect(() => readTargetsFile(noBaseline, {})).toThrow("variants: must have required property 'none'")
    const unknown = file('unknown.yaml', 'variants:\n  none: { urls: [http://a:1] }\n  oauth: { urls: [http://a:2] }\n')
    expect(() => readTargetsFile(unknown, {})).toThrow('variants.oauth: unknown strategy "oauth"')
    const badOption = file(
      'option.yaml',
      'variants:\n  none: { urls: [http://a:1] }\n  jwt:alg=XX: { urls: [http://a:2] }\n',
    )
    expect(() => readTargetsFile(badOption, {})).toThrow('variants.jwt:alg=XX: option alg')
    const broken = file('broken.yaml', 'variants: [\n')
    expect(() => readTargetsFile(broken, {})).toThrow(`--targets ${broken}:`)
    const secret = file(
      'secret.yaml',
      'variants:\n  none: { urls: [http://a:1], redis_url_env: TARGET_REDIS, processes: [{ metrics_url: http://a:9/metrics, metrics_token_env: NOPE }] }\n',
    )
    expect(() => readTargetsFile(secret, {})).toThrow(
      'variants.none.redis_url_env names TARGET_REDIS, which is not set',
    )
    expect(() => readTargetsFile(secret, { TARGET_REDIS: 'redis://a:6379' })).toThrow(
      'variants.none.processes[0].metrics_token_env names NOPE, which is not set',
    )
    expect(() => readTargetsFile(join(directory, 'missing.yaml'), {})).toThrow('ENOENT')
  })
})

describe("the README's targets for the compose ha profile", () => {
  it('publishes, in its override, every port docs/targets.example.yaml reads, on services the ha profile has', () => {
    const readme = readFileSync('README.md', 'utf8')
    const block = /```yaml\n(# docker-compose\.remote\.yml[\s\S]*?)```/.exec(readme)?.[1] ?? ''
    const override = parse(block) as { services: Record<string, { ports: string[] }> }
    const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
      services: Record<string, { profiles?: string[] }>
    }
    for (const service of Object.keys(override.services))
      expect(compose.services[service]?.profiles ?? ['ha'], service).toContain('ha')
    const published = Object.values(override.services)
      .flatMap((service) => service.ports)
      .flatMap((mapping) => {
        const [, from, to] = /^10\.0\.0\.10:(\d+)(?:-(\d+))?:/.exec(mapping) ?? []
        const first = Number(from)
        return Array.from({ length: to ? Number(to) - first + 1 : 1 }, (_, index) => first + index)
      })
    const plan = readTargetsFile('docs/targets.example.yaml', TOKEN_ENV)
    const read = plan.targets.flatMap((target) => [
      ...target.urls,
      ...(target.redisUrl ? [target.redisUrl] : []),
      ...target.processes.map((process) => process.metricsUrl ?? ''),
    ])
    for (const url of read) expect(published, url).toContain(Number(new URL(url).port))
  })
})
