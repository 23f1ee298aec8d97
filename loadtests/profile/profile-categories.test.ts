import { describe, expect, it } from 'vitest'
import { attribute, mergeProfiles } from './profile-attribution.js'
import type { CpuProfile } from './cpu-profiler.js'
import { classifyFrame, type Frame } from './profile-categories.js'

const ROOT = '/work/authlab'
const frame = (functionName: string, url: string): Frame => ({ functionName, url })
const module = (path: string) => `file://${ROOT}/node_modules/${path}`
const ours = (path: string) => `file://${ROOT}/${path}`

// Real frames, as V8 names them in a profile of the hot read; callers innermost first.
const KNOWN: readonly (readonly [string, Frame, readonly Frame[], string])[] = [
  ['GC on the main thread', frame('(garbage collector)', ''), [], 'gc'],
  ['waiting for Redis', frame('(idle)', ''), [], 'idle'],
  ['unattributed native code', frame('(program)', ''), [], 'other'],
  [
    'the HMAC of an HS256 JWT',
    frame('digest', ''),
    [frame('digest', 'node:internal/crypto/hash'), frame('sign', module('jwa/index.js'))],
    'crypto',
  ],
  [
    'SHA-256 of an API key',
    frame('update', 'node:internal/crypto/hash'),
    [frame('hashApiKey', ours('servers/apikey/api-key-format.ts'))],
    'crypto',
  ],
  ['the session cookie signature', frame('unsign', module('cookie-signature/index.js')), [], 'crypto'],
  [
    'JSON.parse inside jws',
    frame('parse', ''),
    [frame('safeJsonParse', module('jws/lib/verify-stream.js'))],
    'base64_json',
  ],
  [
    'JSON.stringify in our canonical check',
    frame('stringify', ''),
    [frame('isCanonical', ours('servers/jwt/jwt-strategy.ts'))],
    'base64_json',
  ],
  ['a base64url decode', frame('base64urlSlice', ''), [frame('toString', 'node:buffer')], 'base64_json'],
  [
    "WHATWG URL's native parser is not JSON",
    frame('parse', ''),
    [frame('URL', 'node:internal/url'), frame('refuseAmbiguousCredentials', ours('servers/core/credentials.ts'))],
    'lab',
  ],
  [
    'a socket write issued by the Redis client',
    frame('writev', ''),
    [
      frame('writeGeneric', 'node:internal/stream_base_commons'),
      frame('write', module('@redis/client/dist/lib/client/socket.js')),
    ],
    'redis',
  ],
  ['connect-redis', frame('get', module('connect-redis/dist/index.js')), [], 'redis'],
  ['express-session', frame('session', module('express-session/index.js')), [], 'express_session'],
  ['the router', frame('handle', module('router/index.js')), [], 'express'],
  [
    "Node's HTTP layer working for Express",
    frame('setHeader', 'node:_http_outgoing'),
    [frame('send', module('express/lib/response.js'))],
    'express',
  ],
  [
    "Node's HTTP layer called through express-session's res.end hook",
    frame('_storeHeader', 'node:_http_outgoing'),
    [frame('writeHead', 'node:_http_server'), frame('writeHead', module('on-headers/index.js'))],
    'express',
  ],
  ['our strategy code', frame('authenticate', ours('servers/token/token-strategy.ts')), [], 'lab'],
  ['a builtin called by our code', frame('map', ''), [frame('labClaims', ours('servers/token/token-codec.ts'))], 'lab'],
  ["jsonwebtoken's claim checks", frame('module.exports', module('jsonwebtoken/verify.js')), [], 'other'],
  ['the in-process harness', frame('injectRequest', ours('loadtests/runner/in-process-request.ts')), [], 'other'],
  [
    'a Node internal nobody of ours called',
    frame('processTicksAndRejections', 'node:internal/process/task_queues'),
    [],
    'other',
  ],
]

describe('classifyFrame', () => {
  it.each(KNOWN)('%s', (_name, top, callers, expected) => {
    expect(classifyFrame(top, callers)).toBe(expected)
  })
})

// (root) → handler (ours) → verify (jsonwebtoken) → digest (crypto); plus idle and GC.
const PROFILE: CpuProfile = {
  startTime: 0,
  endTime: 1000,
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }, children: [2, 5, 6] },
    {
      id: 2,
      callFrame: { functionName: 'verify', url: ours('servers/jwt/jwt-strategy.ts'), lineNumber: 0, columnNumber: 9 },
      children: [3],
    },
    {
      id: 3,
      callFrame: {
        functionName: 'module.exports',
        url: module('jsonwebtoken/verify.js'),
        lineNumber: 20,
        columnNumber: 1,
      },
      children: [4],
    },
    { id: 4, callFrame: { functionName: 'digest', url: 'node:internal/crypto/hash', lineNumber: 1, columnNumber: 1 } },
    { id: 5, callFrame: { functionName: '(idle)', url: '', lineNumber: -1, columnNumber: -1 } },
    { id: 6, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1, columnNumber: -1 } },
  ],
  samples: [4, 4, 4, 3, 2, 5, 5, 6],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100],
}

describe('attribute', () => {
  it('counts busy samples by category, leaves idle out, and gives our functions their inclusive time', () => {
    const { categories, busySamples, labFunctions } = attribute(PROFILE)
    expect(busySamples).toBe(6)
    expect(Object.fromEntries(categories)).toEqual({ crypto: 3, other: 1, lab: 1, gc: 1 })
    expect(Object.fromEntries(labFunctions)).toEqual({ 'verify (servers/jwt/jwt-strategy.ts)': 5 })
  })

  it('merges profiles into one with unique node ids and every sample kept', () => {
    const merged = mergeProfiles([PROFILE, PROFILE])
    const ids = merged.nodes.map((node) => node.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(merged.samples).toHaveLength(16)
    expect(merged.samples.every((id) => ids.includes(id))).toBe(true)
    expect(Object.fromEntries(attribute(merged).categories)).toEqual({ crypto: 6, other: 2, lab: 2, gc: 2 })
  })
})
