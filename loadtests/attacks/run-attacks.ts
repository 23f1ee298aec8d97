import { ALICE } from '../../servers/core/demo-data.js'
import { credentialFrom } from '../runner/credential.js'
import type { VariantSpec } from '../runner/variants.js'
import {
  applies,
  type AttackContext,
  type AttackEntry,
  type AttackRequest,
  type Login,
  type ServerKeys,
} from './attack-entry.js'
import { createHttpClient, type HttpClient, type LabResponse } from './http-client.js'

export const VERDICT_KINDS = ['blocked', 'accepted', 'unexpected', 'error', 'not-applicable'] as const
export type VerdictKind = (typeof VERDICT_KINDS)[number]

export interface Verdict {
  readonly attack: string
  readonly verdict: VerdictKind
  /** The statuses the attack requests got, e.g. "401" or "401/403"; empty when none was sent. */
  readonly status: string
  readonly expected: AttackEntry['expected']
  readonly note?: string
}

export interface AttackTarget {
  readonly url: string
  readonly variant: VariantSpec
  readonly keys: ServerKeys | undefined
  readonly timing: boolean
  readonly maxFailures: number
  /** Requests per refused kind for the flood check; 0 or absent: the flood check does not run. */
  readonly floodRequests?: number
  readonly store?: AttackContext['store']
}

// A stack frame or a path into node_modules in a body means a library's error reached the client.
const LEAK = /at \S+ \(|node_modules|[A-Za-z]+Error:/

/** Logs a demo user in; the headers present the credential (and the CSRF token of a cookie session). */
export async function loginAs(http: HttpClient, user: { username: string; password: string } = ALICE): Promise<Login> {
  const response = await http('POST', '/auth/login', { body: user })
  if (response.status !== 200) throw new Error(`login as ${user.username} answered ${response.status}`)
  const raw = response.headers['set-cookie']
  const credential = credentialFrom(response.json ?? {}, Array.isArray(raw) ? raw : raw ? [raw] : [])
  const headers = { ...credential.headers, ...(credential.csrfToken && { 'x-csrf-token': credential.csrfToken }) }
  const secret = String(response.json?.access_token ?? response.json?.api_key ?? credential.headers.cookie ?? '')
  return { response, headers, secret }
}

const send = (http: HttpClient, { method, path, headers, body }: AttackRequest) =>
  http(method, path, { headers: headers ?? {}, body, timeoutMs: 10_000 })

/** The verdict on one entry whose requests all went out: accepted beats unexpected beats blocked. */
async function judge(
  entry: AttackEntry,
  answers: readonly LabResponse[],
  extra: (answers: readonly LabResponse[]) => Promise<string | undefined> | string | undefined,
) {
  const status = [...new Set(answers.map((answer) => answer.status))].join('/')
  const through = answers.findIndex((answer) => answer.status >= 200 && answer.status < 300)
  if (through >= 0)
    return {
      verdict: 'accepted' as const,
      status,
      note: `attack request ${through + 1} of ${answers.length} answered ${answers[through]?.status}`,
    }
  const reason = await extra(answers)
  if (reason) return { verdict: 'accepted' as const, status, note: reason }
  if (answers.some((answer) => LEAK.test(answer.text)))
    return { verdict: 'unexpected' as const, status, note: 'an error body shows a stack or a library message' }
  const { status: want, code } = entry.expected
  const off = answers.find((answer) => answer.status !== want || (code !== undefined && answer.json?.code !== code))
  if (off)
    return {
      verdict: 'unexpected' as const,
      status,
      note: `refused, but with ${off.status} ${off.json?.code ?? ''} instead of ${want} ${code ?? ''}`.trim(),
    }
  return { verdict: 'blocked' as const, status }
}

async function runOne(entry: AttackEntry, ctx: AttackContext): Promise<Verdict> {
  const base = { attack: entry.id, expected: entry.expected }
  if (!applies(entry, ctx.variant))
    return { ...base, verdict: 'not-applicable', status: '', note: 'not for this variant' }
  if (entry.needsKeys && !ctx.keys) return { ...base, verdict: 'not-applicable', status: '', note: 'keys unknown' }
  if (entry.optIn === 'flood' && ctx.floodRequests <= 0)
    return { ...base, verdict: 'not-applicable', status: '', note: 'opt-in: authlab attack --flood' }
  try {
    const probe = await entry.build(ctx)
    for (const step of probe.setup ?? []) {
      const answer = await send(ctx.http, step)
      if (step.expect !== undefined && answer.status !== step.expect) {
        return {
          ...base,
          verdict: 'error',
          status: '',
          note: `set-up ${step.method} ${step.path} answered ${answer.status}, not ${step.expect}`,
        }
      }
    }
    if (probe.control) {
      const answer = await send(ctx.http, probe.control)
      if (answer.status < 200 || answer.status >= 300) {
        return {
          ...base,
          verdict: 'error',
          status: '',
          note: `the control (the same request without the defect) answered ${answer.status}: the attack would prove nothing`,
        }
      }
    }
    const answers: LabResponse[] = []
    for (const request of probe.attacks) answers.push(await send(ctx.http, request))
    const verdict = await judge(entry, answers, (all) => probe.judge?.(all))
    const measured = verdict.verdict === 'blocked' ? probe.note?.() : undefined
    return { ...base, ...verdict, ...(measured && { note: measured }) }
  } catch (error) {
    return { ...base, verdict: 'error', status: '', note: (error as Error).message }
  }
}

/**
 * Runs catalogue entries one after another against one server, over HTTP, and returns a verdict
 * for each: blocked (the expected refusal), accepted (the attack got through: a failure of the
 * run), unexpected (refused, but not as the contract says, or leaking internals), error (the attack
 * could not be carried out), not-applicable.
 */
export async function runAttacks(
  target: AttackTarget,
  entries: readonly AttackEntry[],
  onVerdict: (verdict: Verdict) => void = () => {},
): Promise<Verdict[]> {
  const http = createHttpClient(target.url)
  const ctx: AttackContext = {
    ...target,
    floodRequests: target.floodRequests ?? 0,
    http,
    login: (user) => loginAs(http, user),
  }
  const verdicts: Verdict[] = []
  for (const entry of entries) {
    const verdict = await runOne(entry, ctx)
    onVerdict(verdict)
    verdicts.push(verdict)
  }
  return verdicts
}

/** After the attacks: is the server still serving? (`/health` answers 200.) */
export async function stillServing(url: string): Promise<boolean> {
  try {
    return (await createHttpClient(url)('GET', '/health', { timeoutMs: 5000 })).status === 200
  } catch {
    return false
  }
}
