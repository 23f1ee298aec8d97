import { readFileSync } from 'node:fs'
// The named export: under NodeNext the default import of this CommonJS module types as a namespace.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { strategyNames } from '../../servers/registry.js'

/** A response as the test clients see it: a fetch() Headers or node:http's plain header record. */
export type ContractHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>

interface ResponseBase {
  readonly method: string
  /** Path as requested; a query string is ignored. */
  readonly path: string
  readonly status: number
  readonly headers: ContractHeaders
}

/** The raw body is `body`, or `text` as test/support/http-client.ts names it. */
export type ContractResponse = ResponseBase & ({ readonly body: string } | { readonly text: string })

export interface ContractValidator {
  /** Human-readable violations of docs/openapi.yaml; empty when the response keeps the contract. */
  check(response: ContractResponse): string[]
}

// The minimal slice of OpenAPI 3.1 this validator reads.
type Json = Record<string, unknown>
interface RequiredWhen {
  readonly property: string
  readonly equals: unknown
}

const DOC_URL = new URL('../../docs/openapi.yaml', import.meta.url)
// The whole document is registered with ajv under this id, so every schema's `#/components/...`
// $ref resolves against it without a copy of the document per schema.
const DOC_ID = 'https://authlab.invalid/openapi.json'
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

interface Loaded {
  readonly doc: Json
  readonly ajv: Ajv2020
  /** Compiled validators by JSON pointer, shared by every validator of the process. */
  readonly compiled: Map<string, ValidateFunction>
}
let loaded: Loaded | undefined

/** Parsing, registering and compiling are the slow part: once per process, not per validator. */
function load(): Loaded {
  if (!loaded) {
    const doc = parse(readFileSync(DOC_URL, 'utf8')) as Json
    // The strategies are the registry's: one registered at run time (test/registry.test.ts) is held
    // to the contract too. The document lists the built-in ones for its readers; its test checks
    // that the two agree.
    const schemas = (doc.components as { schemas: Record<string, Json> }).schemas
    schemas.StrategyName = { ...schemas.StrategyName, enum: strategyNames() }
    // strict: false because the document is not a schema itself (paths, info...) and schemas carry
    // OpenAPI-only words (examples at odd places, x- extensions).
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    ajv.addSchema(doc, DOC_ID)
    loaded = { doc, ajv, compiled: new Map() }
  }
  return loaded
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')
const unescapeToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~')

/** Follows OpenAPI Reference Objects (local only), keeping the JSON pointer of where it lands. */
function resolve(doc: Json, value: unknown, pointer: string): { value: unknown; pointer: string } {
  for (let hops = 0; isObject(value) && typeof value.$ref === 'string'; hops += 1) {
    const ref = value.$ref
    if (!ref.startsWith('#/') || hops > 10) throw new Error(`openapi.yaml: unsupported $ref ${ref}`)
    pointer = ref.slice(1)
    value = pointer
      .split('/')
      .slice(1)
      .reduce<unknown>((node, token) => (isObject(node) ? node[unescapeToken(token)] : undefined), doc)
  }
  return { value, pointer }
}

function headerValues(headers: ContractHeaders, name: string): string[] {
  if (headers instanceof Headers) {
    if (name.toLowerCase() === 'set-cookie') return headers.getSetCookie()
    const value = headers.get(name)
    return value === null ? [] : [value]
  }
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase())
  const value = key === undefined ? undefined : headers[key]
  if (value === undefined) return []
  return typeof value === 'string' ? [value] : [...value]
}

function formatErrors(errors: readonly ErrorObject[] | null | undefined, where: string): string[] {
  return (
    (errors ?? [])
      // An if/then failure also reports the inner error that caused it; that one says what is wrong.
      .filter((error) => error.keyword !== 'if')
      .map((error) => {
        const at = `${where}${error.instancePath}`
        if (error.keyword === 'additionalProperties') {
          return `${at} has a field the contract does not allow: "${String(error.params.additionalProperty)}"`
        }
        if (error.keyword === 'false schema') return `${at} must not be present here`
        return `${at} ${error.message ?? 'is invalid'}${error.keyword === 'const' ? ` (${JSON.stringify(error.params.allowedValue)})` : ''}`
      })
  )
}

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? ''

export function createContractValidator(): ContractValidator {
  const { doc, ajv, compiled } = load()

  const validatorAt = (pointer: string): ValidateFunction => {
    const cached = compiled.get(pointer)
    if (cached) return cached
    const fragment = pointer
      .split('/')
      .map((token) => encodeURIComponent(token))
      .join('/')
    const validate = ajv.compile({ $ref: `${DOC_ID}#${fragment}` })
    compiled.set(pointer, validate)
    return validate
  }

  function check(response: ContractResponse): string[] {
    const violations: string[] = []
    const method = response.method.toLowerCase()
    const path = response.path.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0] ?? ''
    const { status } = response
    const body = 'body' in response ? response.body : response.text

    const route = `${method.toUpperCase()} ${path}`
    const item = isObject(doc.paths) ? doc.paths[path] : undefined
    const operation = METHODS.has(method) && isObject(item) ? item[method] : undefined
    // A route the document does not list is held to x-authlab-unknown-route: the contract's 404.
    const [owner, ownerPointer] = isObject(operation)
      ? [operation, `/paths/${escapeToken(path)}/${method}`]
      : [doc['x-authlab-unknown-route'], '/x-authlab-unknown-route']
    const responses = isObject(owner) && isObject(owner.responses) ? owner.responses : {}

    // `default` covers error statuses only: a success or redirect must be listed by its code.
    const key =
      String(status) in responses ? String(status) : status >= 400 && 'default' in responses ? 'default' : undefined
    if (key === undefined) {
      return [
        isObject(operation)
          ? `status ${status} is not documented for ${route}`
          : `${route} is not in docs/openapi.yaml, yet got ${status}`,
      ]
    }
    const base = `${ownerPointer}/responses/${key}`
    const { value: documented, pointer } = resolve(doc, responses[key], base)
    if (!isObject(documented)) return [`openapi.yaml: response ${key} of ${route} is not an object`]

    // Body: its media type, then its schema.
    const content = isObject(documented.content) ? documented.content : undefined
    const contentType = mediaType(headerValues(response.headers, 'content-type')[0])
    let parsed: unknown
    if (!content) {
      if (body.length > 0) violations.push(`status ${status} must have no body, got ${body.length} bytes`)
    } else if (body.length === 0 && contentType === '' && documented['x-authlab-body-optional'] === true) {
      // Node's own bodiless error answers: nothing to validate.
    } else if (!(contentType in content)) {
      violations.push(`Content-Type must be ${Object.keys(content).join(' or ')}, got "${contentType || '(none)'}"`)
    } else {
      try {
        parsed = JSON.parse(body)
      } catch {
        violations.push(`body is not JSON: ${JSON.stringify(body.slice(0, 80))}`)
      }
      const media = content[contentType]
      if (parsed !== undefined && isObject(media) && 'schema' in media) {
        const validate = validatorAt(`${pointer}/content/${escapeToken(contentType)}/schema`)
        if (!validate(parsed)) violations.push(...formatErrors(validate.errors, 'body'))
        // RFC 9457: the problem's `status` is the HTTP status, or a client reading the body is misled.
        if (contentType === 'application/problem+json' && isObject(parsed) && parsed.status !== status) {
          violations.push(`body.status ${JSON.stringify(parsed.status)} differs from the HTTP status ${status}`)
        }
      }
    }

    // Headers: presence where required, and the documented value format.
    const headers = isObject(documented.headers) ? documented.headers : {}
    for (const [name, reference] of Object.entries(headers)) {
      const { value: header, pointer: headerPointer } = resolve(
        doc,
        reference,
        `${pointer}/headers/${escapeToken(name)}`,
      )
      if (!isObject(header)) continue
      const values = headerValues(response.headers, name)
      const when = header['x-authlab-required-when'] as RequiredWhen | undefined
      const required =
        header.required === true || (when !== undefined && isObject(parsed) && parsed[when.property] === when.equals)
      if (values.length === 0) {
        if (required)
          violations.push(`header ${name} is required${when ? ` when ${when.property} is ${String(when.equals)}` : ''}`)
        continue
      }
      if (!('schema' in header)) continue
      // Several Set-Cookie lines are normal: one matching value is enough.
      const validate = validatorAt(`${headerPointer}/schema`)
      if (!values.some((value) => validate(value))) {
        violations.push(`header ${name} has a value the contract does not allow: ${JSON.stringify(values.join(' | '))}`)
      }
    }
    return violations
  }

  return { check }
}
