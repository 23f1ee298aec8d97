import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { strategyNames } from '../../servers/registry.js'
import { createContractValidator, type ContractResponse } from './openapi-validator.js'

const JSON_TYPE = 'application/json; charset=utf-8'
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8'
const validator = createContractValidator()

const json = (
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ContractResponse => ({
  method,
  path,
  status,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: JSON.stringify(body),
})

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: `urn:authlab:problem:${code}`,
  title: 'Some title',
  status,
  detail: 'Some detail.',
  code,
  ...extra,
})

const problemResponse = (
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => json(method, path, status, body, { 'content-type': PROBLEM_TYPE, ...headers })

const cookieHeader = 'authlab.sid=s%3Aabc.def; Path=/; Expires=Mon, 23 Nov 2026 10:32:27 GMT; HttpOnly; SameSite=Lax'

describe('contract validator: bodies', () => {
  it('passes a good /api/me, with plain or fetch headers', () => {
    expect(validator.check(json('GET', '/api/me', 200, { sub: 'alice', roles: ['user'] }))).toEqual([])
    const headers = new Headers({ 'content-type': JSON_TYPE })
    expect(
      validator.check({ method: 'GET', path: '/api/me?x=1', status: 200, headers, body: '{"sub":"alice","roles":[]}' }),
    ).toEqual([])
  })

  it('refuses /api/me with an extra password field', () => {
    const violations = validator.check(
      json('GET', '/api/me', 200, { sub: 'alice', roles: ['user'], password: 'wonderland' }),
    )
    expect(violations).toHaveLength(1)
    expect(violations[0]).toContain('"password"')
  })

  it('refuses a problem that carries a stack', () => {
    const body = problem(401, 'ERR_AUTH_INVALID', { stack: 'Error: invalid signature\n    at verify (jsonwebtoken)' })
    const violations = validator.check(problemResponse('GET', '/api/me', 401, body))
    expect(violations.some((violation) => violation.includes('"stack"'))).toBe(true)
  })

  it('refuses a problem with a malformed code or a status that differs from the HTTP one', () => {
    expect(validator.check(problemResponse('GET', '/api/me', 403, problem(403, 'forbidden')))).not.toEqual([])
    expect(validator.check(problemResponse('GET', '/api/items', 404, problem(400, 'ERR_NOT_FOUND')))).not.toEqual([])
  })

  it('refuses JSON where problem+json is documented, and a 500 even as a problem', () => {
    expect(validator.check(json('GET', '/api/me', 401, problem(401, 'ERR_AUTH_INVALID')))).toEqual([
      'Content-Type must be application/problem+json, got "application/json"',
    ])
    expect(validator.check(problemResponse('GET', '/api/me', 500, problem(500, 'ERR_INTERNAL')))).not.toEqual([])
  })

  it('refuses a 503 /health that is not a degraded Health body', () => {
    const degraded = { status: 'degraded', strategy: 'session', variant: { store: 'redis', session_ttl_s: 3600 } }
    expect(validator.check(json('GET', '/health', 503, degraded))).toEqual([])
    expect(validator.check(problemResponse('GET', '/health', 503, problem(503, 'ERR_STORE_UNAVAILABLE')))).not.toEqual(
      [],
    )
  })

  it('refuses an items list without its 20 records', () => {
    const item = { id: 1, name: 'Item 01', category: 'books', price_cents: 199, in_stock: true }
    expect(validator.check(json('GET', '/api/items', 200, { items: Array.from({ length: 20 }, () => item) }))).toEqual(
      [],
    )
    expect(validator.check(json('GET', '/api/items', 200, { items: [item] }))).not.toEqual([])
  })
})

describe('contract validator: statuses and routes', () => {
  it('refuses a status the operation does not document', () => {
    expect(validator.check(json('GET', '/api/me', 201, { sub: 'alice', roles: ['user'] }))).toEqual([
      'status 201 is not documented for GET /api/me',
    ])
  })

  it('accepts a bodiless error from Node itself, through default', () => {
    expect(validator.check({ method: 'GET', path: '/api/me', status: 431, headers: {}, body: '' })).toEqual([])
  })

  it('refuses an unknown path unless it gets the contract 404', () => {
    expect(validator.check(json('GET', '/api/secrets', 200, { secret: 1 }))).toEqual([
      'GET /api/secrets is not in docs/openapi.yaml, yet got 200',
    ])
    expect(validator.check(json('GET', '/auth/login', 200, {}))).not.toEqual([])
    expect(validator.check(problemResponse('GET', '/api/secrets', 404, problem(404, 'ERR_NOT_FOUND')))).toEqual([])
  })
})

describe('contract validator: login responses', () => {
  it('passes each token_type with its own credential', () => {
    expect(
      validator.check(
        json(
          'POST',
          '/auth/login',
          200,
          { token_type: 'Bearer', access_token: 'a.b.c', expires_in: 900 },
          { 'cache-control': 'no-store' },
        ),
      ),
    ).toEqual([])
    expect(
      validator.check(
        json(
          'POST',
          '/auth/login',
          200,
          { token_type: 'ApiKey', api_key: 'authlab_x', expires_in: 60 },
          { 'cache-control': 'no-store' },
        ),
      ),
    ).toEqual([])
    expect(
      validator.check(
        json('POST', '/auth/login', 200, { token_type: 'None', expires_in: 0 }, { 'cache-control': 'no-store' }),
      ),
    ).toEqual([])
    const cookie = { token_type: 'Cookie', csrf_token: 'c', expires_in: 3600 }
    expect(
      validator.check(
        json('POST', '/auth/login', 200, cookie, { 'cache-control': 'no-store', 'set-cookie': cookieHeader }),
      ),
    ).toEqual([])
  })

  it('refuses a Cookie login that carries an access_token', () => {
    const body = { token_type: 'Cookie', csrf_token: 'c', access_token: 'a.b.c', expires_in: 3600 }
    const violations = validator.check(
      json('POST', '/auth/login', 200, body, { 'cache-control': 'no-store', 'set-cookie': cookieHeader }),
    )
    expect(violations).toEqual(['body/access_token must not be present here'])
  })

  it('refuses a Bearer login without an access_token', () => {
    const violations = validator.check(
      json('POST', '/auth/login', 200, { token_type: 'Bearer', expires_in: 900 }, { 'cache-control': 'no-store' }),
    )
    expect(violations).toEqual(["body must have required property 'access_token'"])
  })

  it('refuses a Cookie login without an HttpOnly session cookie, and one that may be cached', () => {
    const body = { token_type: 'Cookie', csrf_token: 'c', expires_in: 3600 }
    expect(validator.check(json('POST', '/auth/login', 200, body, { 'cache-control': 'no-store' }))).toEqual([
      'header Set-Cookie is required when token_type is Cookie',
    ])
    const readable = 'authlab.sid=s%3Aabc.def; Path=/; SameSite=Lax'
    expect(
      validator.check(json('POST', '/auth/login', 200, body, { 'cache-control': 'no-store', 'set-cookie': readable })),
    ).not.toEqual([])
    expect(validator.check(json('POST', '/auth/login', 200, body, { 'set-cookie': cookieHeader }))).toEqual([
      'header Cache-Control is required',
    ])
  })

  it('refuses a refresh that answers anything but a Bearer pair', () => {
    const pair = { token_type: 'Bearer', access_token: 'a', refresh_token: 'r', expires_in: 60 }
    expect(validator.check(json('POST', '/auth/refresh', 200, pair, { 'cache-control': 'no-store' }))).toEqual([])
    const { refresh_token: _dropped, ...single } = pair
    expect(validator.check(json('POST', '/auth/refresh', 200, single, { 'cache-control': 'no-store' }))).not.toEqual([])
  })
})

describe('contract validator: headers', () => {
  const noBody = (path: string, status: number, headers: Record<string, string>): ContractResponse => ({
    method: 'POST',
    path,
    status,
    headers,
    body: '',
  })

  it('refuses a 204 logout without Auth-Revocation, or with a value outside the contract', () => {
    expect(validator.check(noBody('/auth/logout', 204, {}))).toEqual(['header Auth-Revocation is required'])
    expect(validator.check(noBody('/auth/logout', 204, { 'auth-revocation': 'maybe' }))).not.toEqual([])
    for (const value of ['immediate', 'none', 'deferred; within=59']) {
      expect(validator.check(noBody('/auth/revoke-all', 204, { 'Auth-Revocation': value }))).toEqual([])
    }
  })

  it('refuses a 204 with a body', () => {
    const response = { ...noBody('/auth/logout', 204, { 'auth-revocation': 'none' }), body: '{}' }
    expect(validator.check(response)).not.toEqual([])
  })

  it('wants WWW-Authenticate on a 401 for a missing credential only', () => {
    const missing = problem(401, 'ERR_AUTH_MISSING')
    expect(validator.check(problemResponse('GET', '/api/me', 401, missing))).toEqual([
      'header WWW-Authenticate is required when code is ERR_AUTH_MISSING',
    ])
    expect(
      validator.check(
        problemResponse('GET', '/api/me', 401, missing, { 'www-authenticate': 'Bearer realm="authlab"' }),
      ),
    ).toEqual([])
    expect(validator.check(problemResponse('GET', '/api/me', 401, problem(401, 'ERR_AUTH_INVALID')))).toEqual([])
  })

  it('wants Retry-After on a 429', () => {
    const tooMany = problem(429, 'ERR_TOO_MANY_LOGINS')
    expect(validator.check(problemResponse('POST', '/auth/login', 429, tooMany))).toEqual([
      'header Retry-After is required',
    ])
    expect(validator.check(problemResponse('POST', '/auth/login', 429, tooMany, { 'retry-after': '30' }))).toEqual([])
  })
})

describe('contract document', () => {
  it('lists the strategies the registry has', () => {
    const doc = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8'))
    expect(doc.components.schemas.StrategyName.enum).toEqual(strategyNames())
  })
})
