import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parsePublicHosts } from '../servers/core/config.js'
import { isLoopback, hostName } from '../servers/core/host-check.js'
import { strategyNames } from '../servers/registry.js'
import { hasHaproxy } from '../loadtests/runner/haproxy.js'
import { createLabMetrics } from '../servers/core/metrics.js'

/**
 * docker-compose.yml's `ha` profile, checked by structure: there is no Docker engine on the lab's
 * machines, so it was never brought up here. `authlab failover` runs the same topology natively.
 */
interface Service {
  profiles?: string[]
  command?: string[]
  environment?: Record<string, string>
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }> | string[]
  volumes?: string[]
  ports?: string[]
  secrets?: string[]
  image?: string
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>
  secrets?: Record<string, { environment?: string }>
}
const ha = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('ha'))
const haproxyConfig = readFileSync('docker/haproxy-ha.cfg', 'utf8')

describe('docker-compose.yml, profile ha', () => {
  it('has a primary, a replica of it and three sentinels watching it, each with a healthcheck', () => {
    const names = ha.map(([name]) => name)
    expect(names).toEqual(
      expect.arrayContaining(['redis-primary', 'redis-replica', 'sentinel-1', 'sentinel-2', 'sentinel-3', 'haproxy']),
    )
    expect(compose.services['redis-replica']?.command?.join(' ')).toContain('--replicaof redis-primary 6379')
    for (const sentinel of ['sentinel-1', 'sentinel-2', 'sentinel-3']) {
      expect(compose.services[sentinel]?.command?.join(' ')).toMatch(/sentinel monitor authlab redis-primary 6379 2/)
    }
    for (const [name, service] of ha) expect(service.healthcheck?.test, name).toBeDefined()
  })

  it('runs two replicas of every registered strategy on the sentinels, each named, behind HAProxy', () => {
    for (const strategy of strategyNames()) {
      for (const replica of [1, 2]) {
        const name = `${strategy}-${replica}`
        const service = compose.services[name]
        expect(service?.profiles, name).toContain('ha')
        expect(service?.command?.slice(0, 2), name).toEqual(['serve', strategy])
        expect(service?.environment?.REDIS_SENTINELS, name).toBe('sentinel-1:26379,sentinel-2:26379,sentinel-3:26379')
        expect(service?.environment?.REDIS_SENTINEL_NAME, name).toBe('authlab')
        expect(service?.environment?.AUTHLAB_REPLICA, name).toBe(name)
        expect(service?.healthcheck?.test.join(' '), name).toContain('/health')
        expect(haproxyConfig, name).toContain(`server ${name} ${name}:3000 check`)
      }
    }
    expect(haproxyConfig).toContain('option httpchk GET /health')
    expect(compose.services.haproxy?.volumes?.[0]).toMatch(/^\.\/docker\/haproxy-ha\.cfg:/)
    // Published on the host's loopback only, like every other port of the file.
    for (const port of compose.services.haproxy?.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/)
  })

  it.skipIf(!hasHaproxy())('gives HAProxy a configuration it accepts (haproxy -c; needs haproxy)', () => {
    const check = spawnSync('haproxy', ['-c', '-f', 'docker/haproxy-ha.cfg'], { encoding: 'utf8' })
    expect(check.status, check.stdout + check.stderr).toBe(0)
  })
})

describe("docker-compose.yml, Host check (421 for a Host that is not the server's)", () => {
  const servers = Object.entries(compose.services).filter(([, service]) => service.command?.[0] === 'serve')

  it('names every server by its service name in AUTHLAB_PUBLIC_HOST, as other containers reach it', () => {
    expect(servers.length).toBeGreaterThanOrEqual(2 * strategyNames().length)
    for (const [name, service] of servers) {
      // Behind HAProxy, a client in another container names the balancer, and HAProxy passes that on.
      const names = service.profiles?.includes('ha') ? [name, 'haproxy'] : [name]
      expect(parsePublicHosts(service.environment?.AUTHLAB_PUBLIC_HOST), name).toEqual(names)
    }
  })

  it('health-checks every server on loopback, and HAProxy with HTTP/1.0 and no Host', () => {
    for (const [name, service] of servers.filter(([, service]) => service.healthcheck)) {
      const url = /https?:\/\/([^/'"]+)\/health/.exec(service.healthcheck?.test.join(' ') ?? '')?.[1]
      expect(url && isLoopback(hostName(url) ?? ''), `${name}: ${url}`).toBe(true)
    }
    // `option httpchk GET /health` sends HTTP/1.0 without Host, which the check lets through.
    expect(haproxyConfig).not.toMatch(/http-check send .*hdr host/i)
  })
})

describe('docker-compose.yml, profile observe (metrics, issue 30)', () => {
  const servers = Object.entries(compose.services).filter(([, service]) => service.command?.[0] === 'serve')
  const prometheus = parse(readFileSync('docker/prometheus.yml', 'utf8')) as {
    scrape_configs: {
      authorization?: { type: string; credentials_file?: string }
      static_configs: { targets: string[] }[]
    }[]
  }

  it('passes AUTHLAB_METRICS and its token to every server, off unless set', () => {
    for (const [name, service] of servers) {
      expect(service.environment?.AUTHLAB_METRICS, name).toBe('${AUTHLAB_METRICS:-off}')
      expect(service.environment?.AUTHLAB_METRICS_TOKEN, name).toBe('${AUTHLAB_METRICS_TOKEN:-}')
      // The metrics port is never published on the host: Prometheus reads it on the compose network.
      for (const port of service.ports ?? []) expect(port, name).not.toMatch(/:9464$/)
    }
  })

  it('runs Prometheus, on the host loopback only, scraping every server with the token from a secret', () => {
    const service = compose.services.prometheus
    expect(service?.profiles).toEqual(['observe'])
    expect(service?.volumes?.[0]).toMatch(/^\.\/docker\/prometheus\.yml:\/etc\/prometheus\/prometheus\.yml/)
    for (const port of service?.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/)
    expect(service?.secrets).toEqual(['metrics-token'])
    expect(compose.secrets?.['metrics-token']?.environment).toBe('AUTHLAB_METRICS_TOKEN')
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((config) => config.targets))
    expect(targets.sort()).toEqual(servers.map(([name]) => `${name}:9464`).sort())
    for (const job of prometheus.scrape_configs) {
      expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/metrics-token' })
    }
  })

  it('commits a Grafana dashboard for the read path that asks only for metrics the servers expose', async () => {
    const dashboard = JSON.parse(readFileSync('docs/grafana/authlab-read-path.json', 'utf8')) as {
      uid: string
      panels: { title: string; targets: { expr: string }[] }[]
    }
    expect(dashboard.uid).toBe('authlab-read-path')
    const exposed = new Set((await createLabMetrics('jwt').registry.getMetricsAsJSON()).map((metric) => metric.name))
    const asked = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr))
    expect(asked.length).toBeGreaterThanOrEqual(5)
    for (const expr of asked) {
      const names = [...expr.matchAll(/\b((?:authlab|process|nodejs)_[a-z0-9_]+)/g)].map((match) => match[1] ?? '')
      expect(names.length, expr).toBeGreaterThan(0)
      for (const name of names) expect(exposed, `${name} in ${expr}`).toContain(name)
    }
    expect(asked.join(' ')).toMatch(/route=~"\/api\/me\|\/api\/items"/)
  })
})
