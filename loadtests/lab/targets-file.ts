import { readFileSync } from 'node:fs'
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { ALICE } from '../../servers/core/demo-data.js'
import { BASELINE_ID, parseVariant, type VariantSpec } from '../runner/variants.js'

/** One server process behind a target: where its CPU is read (README: "Benchmark your own deployment"). */
export interface TargetProcess {
  readonly metricsUrl?: string
  readonly metricsToken?: string
  /** Only for a process on this machine: /proc is read too, and cross-checks the metrics. */
  readonly pid?: number
}

/** A variant that already runs somewhere: what `authlab run --targets` loads instead of starting it. */
export interface Target {
  readonly variant: VariantSpec
  /** Base URLs without a trailing slash; the load's connections are spread across them. */
  readonly urls: readonly string[]
  readonly user: { readonly username: string; readonly password: string }
  readonly redisUrl?: string
  readonly processes: readonly TargetProcess[]
}

/** What the file says, checked; the baseline first. */
export interface TargetsPlan {
  readonly file: string
  readonly targets: readonly Target[]
}

interface ProcessEntry {
  metrics_url?: string
  metrics_token_env?: string
  pid?: number
}
interface TargetEntry {
  urls: string[]
  login?: { username: string; password_env: string }
  redis_url?: string
  redis_url_env?: string
  processes?: ProcessEntry[]
}

const SCHEMA_FILE = new URL('../../docs/targets.schema.json', import.meta.url)
let validate: ReturnType<Ajv2020['compile']> | undefined

/** `/variants/jwt/urls/0` as `variants.jwt.urls[0]`: where in the file a schema error is. */
const pathOf = (error: ErrorObject) =>
  error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') ||
  '(top level)'

const schemaErrors = (errors: readonly ErrorObject[]) =>
  errors.map((error) => {
    const detail =
      error.keyword === 'additionalProperties'
        ? `unknown field "${String(error.params.additionalProperty)}"`
        : error.keyword === 'propertyNames'
          ? `"${String(error.params.propertyName)}" is not a variant name (strategy[:flag=value,...])`
          : error.message
    return `${pathOf(error)}: ${detail}`
  })

/** Reads and checks a targets file (YAML or JSON): every mistake is a TypeError naming its place. */
export function readTargetsFile(file: string, env: NodeJS.ProcessEnv = process.env): TargetsPlan {
  let document: unknown
  try {
    // YAML 1.2 is a superset of JSON: one parser for both. Merge keys (<<: *anchor) share settings.
    document = parse(readFileSync(file, 'utf8'), { merge: true })
  } catch (error) {
    throw new TypeError(`--targets ${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  validate ??= new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')))
  if (!validate(document)) {
    const errors = schemaErrors(validate.errors ?? [])
    throw new TypeError(`--targets ${file} does not match docs/targets.schema.json:\n  ${errors.join('\n  ')}`)
  }
  const entries = Object.entries((document as { variants: Record<string, TargetEntry> }).variants)
  const targets = entries.map(([name, entry]) => {
    const where = `--targets ${file}: variants.${name}`
    const secret = (field: string, name: string) => {
      const value = env[name]
      if (!value) throw new TypeError(`${where}.${field} names ${name}, which is not set`)
      return value
    }
    let variant: VariantSpec
    try {
      variant = parseVariant(name)
    } catch (error) {
      throw new TypeError(`${where}: ${(error as Error).message}`)
    }
    const redisUrl = entry.redis_url_env ? secret('redis_url_env', entry.redis_url_env) : entry.redis_url
    return {
      variant,
      urls: entry.urls.map((url) => url.replace(/\/$/, '')),
      user: entry.login
        ? { username: entry.login.username, password: secret('login.password_env', entry.login.password_env) }
        : ALICE,
      ...(redisUrl && { redisUrl }),
      processes: (entry.processes ?? []).map((process, index) => ({
        ...(process.metrics_url && { metricsUrl: process.metrics_url }),
        ...(process.metrics_token_env && {
          metricsToken: secret(`processes[${index}].metrics_token_env`, process.metrics_token_env),
        }),
        ...(process.pid && { pid: process.pid }),
      })),
    } satisfies Target
  })
  const twice = targets.find(
    (target, index) => targets.findIndex((other) => other.variant.id === target.variant.id) !== index,
  )
  if (twice) throw new TypeError(`--targets ${file}: variant ${twice.variant.id} is named twice`)
  return {
    file,
    targets: [
      ...targets.filter((t) => t.variant.id === BASELINE_ID),
      ...targets.filter((t) => t.variant.id !== BASELINE_ID),
    ],
  }
}
