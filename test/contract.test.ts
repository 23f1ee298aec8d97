import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../loadtests/runner/redis-server.js'
import { strategyNames } from '../servers/registry.js'
import { describeContract, type ContractCase } from './contract/contract-suite.js'

/**
 * One suite, every strategy and revocation mode (RealWorld's idea: one spec, every implementation).
 * Every response any test here receives is also checked against docs/openapi.yaml.
 */
const CASES: readonly ContractCase[] = [
  { label: 'none', strategy: 'none', tokenType: 'None', afterRevoke: 'still accepted', revocationHeader: /^none$/ },
  {
    label: 'jwt HS256 revocation=none',
    strategy: 'jwt',
    tokenType: 'Bearer',
    afterRevoke: 'still accepted',
    revocationHeader: /^none$/,
  },
  {
    label: 'jwt HS256 revocation=denylist',
    strategy: 'jwt',
    options: { revocation: 'denylist' },
    tokenType: 'Bearer',
    afterRevoke: 'refused',
    revocationHeader: /^immediate$/,
  },
  {
    label: 'jwt HS256 revocation=refresh',
    strategy: 'jwt',
    options: { revocation: 'refresh' },
    tokenType: 'Bearer',
    afterRevoke: 'still accepted',
    revocationHeader: /^deferred; within=\d+$/,
  },
  {
    label: 'jwt RS256 revocation=denylist',
    strategy: 'jwt',
    options: { alg: 'RS256', revocation: 'denylist' },
    tokenType: 'Bearer',
    afterRevoke: 'refused',
    revocationHeader: /^immediate$/,
  },
  {
    label: 'jwt ES256 revocation=none',
    strategy: 'jwt',
    options: { alg: 'ES256' },
    tokenType: 'Bearer',
    afterRevoke: 'still accepted',
    revocationHeader: /^none$/,
  },
  {
    label: 'paseto revocation=none',
    strategy: 'paseto',
    tokenType: 'Bearer',
    afterRevoke: 'still accepted',
    revocationHeader: /^none$/,
  },
  {
    label: 'paseto revocation=denylist',
    strategy: 'paseto',
    options: { revocation: 'denylist' },
    tokenType: 'Bearer',
    afterRevoke: 'refused',
    revocationHeader: /^immediate$/,
  },
  {
    label: 'paseto revocation=refresh',
    strategy: 'paseto',
    options: { revocation: 'refresh' },
    tokenType: 'Bearer',
    afterRevoke: 'still accepted',
    revocationHeader: /^deferred; within=\d+$/,
  },
  {
    label: 'session store=redis',
    strategy: 'session',
    tokenType: 'Cookie',
    afterRevoke: 'refused',
    revocationHeader: /^immediate$/,
  },
  {
    label: 'session store=memory',
    strategy: 'session',
    options: { store: 'memory' },
    tokenType: 'Cookie',
    afterRevoke: 'refused',
    revocationHeader: /^immediate$/,
  },
  { label: 'apikey', strategy: 'apikey', tokenType: 'ApiKey', afterRevoke: 'refused', revocationHeader: /^immediate$/ },
]

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis?.stop())

for (const testCase of CASES) describeContract(testCase, () => redis.url)

it('has a case for every strategy in the registry', () => {
  expect(strategyNames().filter((name) => !CASES.some((testCase) => testCase.strategy === name))).toEqual([])
})
