/**
 * Where a sampled frame's self time goes, decided by the frame's module URL and function name.
 * The rules are read top to bottom and the first that matches decides. A frame that matches none,
 * or a rule that says `inherit` (Node's own internals, V8 builtins with no URL), takes the category
 * of the nearest caller that has one: a socket write issued by the Redis client is the Redis client's
 * cost, an Array.prototype.map called by our code is our code's.
 */
export const PROFILE_CATEGORIES = [
  'crypto',
  'base64_json',
  'redis',
  'express_session',
  'express',
  'lab',
  'gc',
  'other',
  'other_threads',
] as const
export type ProfileCategory = (typeof PROFILE_CATEGORIES)[number]

/** For tables and the chart legend. */
export const CATEGORY_LABELS: Record<ProfileCategory, string> = {
  crypto: 'signature / hash crypto',
  base64_json: 'base64 and JSON',
  redis: 'Redis client',
  express_session: 'express-session',
  express: 'Express, routing, Node HTTP',
  lab: "the lab's own code",
  gc: 'garbage collection (main thread)',
  other: 'other',
  other_threads: 'other threads (thread-pool crypto, GC helpers)',
}

export interface Frame {
  readonly functionName: string
  readonly url: string
}

interface CategoryRule {
  readonly category: ProfileCategory | 'idle' | 'inherit'
  readonly functionName?: RegExp
  readonly url?: RegExp
  /** The URL of the frame's direct caller, for builtins whose name alone is ambiguous. */
  readonly callerUrl?: RegExp
  /** Why this rule exists, for the reader of this table. */
  readonly why: string
}

const packages = (names: readonly string[]) => new RegExp(`/node_modules/(${names.join('|')})/`)

export const CATEGORY_RULES: readonly CategoryRule[] = [
  { category: 'idle', functionName: /^\(idle\)$/, why: 'the thread waited (for Redis): not CPU time' },
  { category: 'gc', functionName: /^\(garbage collector\)$/, why: "V8's own marker for GC on this thread" },
  { category: 'other', functionName: /^\((program|root)\)$/, why: 'V8 native code it could not attribute' },
  {
    category: 'inherit',
    functionName: /^parse$/,
    url: /^$/,
    callerUrl: /^node:internal\/url/,
    why: "WHATWG URL's native parser is also called `parse`: it works for whoever built the URL",
  },
  {
    category: 'base64_json',
    functionName: /^(JSON\.)?(parse|stringify)$/,
    url: /^$/,
    why: 'JSON.parse / JSON.stringify are V8 builtins with no URL',
  },
  {
    category: 'base64_json',
    functionName: /base64|btoa|atob/i,
    why: "Buffer's base64(url) encoders and decoders, in node:buffer and native",
  },
  { category: 'crypto', url: /^node:(internal\/)?crypto/, why: "Node's crypto module: hashes, HMACs, signatures" },
  {
    category: 'crypto',
    url: packages(['jwa', 'ecdsa-sig-formatter', 'buffer-equal-constant-time', 'cookie-signature']),
    why: 'the signature helpers under jsonwebtoken and express-session',
  },
  {
    category: 'redis',
    url: packages(['@redis', 'redis', 'connect-redis', 'cluster-key-slot']),
    why: 'the Redis client and the session store on top of it',
  },
  {
    category: 'express_session',
    url: packages(['express-session', 'on-headers', 'uid-safe', 'random-bytes', 'cookie']),
    why: 'express-session and the modules it alone uses (cookie parsing, header hooks)',
  },
  {
    category: 'express',
    url: packages([
      'express',
      'router',
      'body-parser',
      'finalhandler',
      'parseurl',
      'path-to-regexp',
      'on-finished',
      'type-is',
      'content-type',
      'media-typer',
      'mime-types',
      'qs',
      'proxy-addr',
      'forwarded',
      'ipaddr\\.js',
      'send',
      'vary',
      'etag',
      'fresh',
      'statuses',
      'http-errors',
      'depd',
      'debug',
      'ms',
      'accepts',
      'negotiator',
      'encodeurl',
      'escape-html',
      'raw-body',
      'content-disposition',
      'range-parser',
    ]),
    why: 'Express 5, its router and their helpers',
  },
  {
    category: 'express',
    url: /^node:_http_/,
    why: "Node's HTTP response: the same work for every variant, whoever calls it (express-session wraps res.end)",
  },
  {
    category: 'other',
    url: packages(['jsonwebtoken', 'jws', 'paseto']),
    why: 'the token libraries around the crypto: claim checks, parsing (their crypto calls are crypto)',
  },
  { category: 'lab', url: /\/servers\/[^/]+\/[^/]+\.ts$|\/servers\/[^/]+\.ts$/, why: 'our servers: servers/**.ts' },
  {
    category: 'inherit',
    url: /^(node:|$)/,
    why: "Node's internals and V8 builtins work for whoever called them",
  },
  {
    category: 'other',
    url: /./,
    why: 'anything else with a URL: the in-process harness, other libraries',
  },
]

/** The first rule that matches this frame (given its direct caller), ignoring the callers above. */
export function ruleFor(frame: Frame, caller: Frame | undefined): ProfileCategory | 'idle' | 'inherit' {
  const rule = CATEGORY_RULES.find(
    (candidate) =>
      (!candidate.functionName || candidate.functionName.test(frame.functionName)) &&
      (!candidate.url || candidate.url.test(frame.url)) &&
      (!candidate.callerUrl || candidate.callerUrl.test(caller?.url ?? '')),
  )
  return rule?.category ?? 'inherit'
}

/**
 * The category of a frame given its callers, innermost first. `other` when nobody up the stack
 * has a category of its own (a timer or microtask started from Node itself).
 */
export function classifyFrame(frame: Frame, callers: readonly Frame[]): ProfileCategory | 'idle' {
  const stack = [frame, ...callers]
  for (const [index, candidate] of stack.entries()) {
    const category = ruleFor(candidate, stack[index + 1])
    if (category !== 'inherit') return category
  }
  return 'other'
}
