/**
 * The findings: at most eight sentences a decision can rest on, each computed from results.json with
 * its numbers, so the words can never drift from the data. A finding the run holds no data for is
 * left out, never guessed. Plain text; the renderers escape it.
 */
import { deploymentLifetime, duration, labCredential } from './lifetimes.js'
import type { RevocationRun } from '../revocation/revocation-experiment.js'
import { formatNumber, formatRatio, formatSeconds } from '../render/format.js'
import { costRows, costScenario, throughputRows } from './report-data.js'
import { cheapestOf, promptlyRevoked, variantFlags, PROMPT_REVOCATION_MS } from './requirements.js'
import { formatRanked, hotReadFloor, intervalName, rankableRatios, toldApart } from './told-apart.js'
import { storeOutageVerdicts } from './store-outage-reader.js'
import { refusalFinding } from '../refusal/refusal-finding.js'
import type { Spread } from '../results/results-types.js'
import { hashCost } from '../results/environment.js'
import type { LabResults } from '../stages.js'

export const MAX_FINDINGS = 8

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`

/** A ratio a finding may quote in a comparison: none from an unreliable run or a too-wide spread. */
const rankable = (results: LabResults, variant: string) => rankableRatios(results).get(variant)

/** `a, against b`: the two ratios, with "not told apart" when the run cannot order them. */
const versus = (results: LabResults, a: Spread, b: Spread) =>
  toldApart(a, b, hotReadFloor(results)) ? '' : ' (not told apart by this run)'

/**
 * A token nobody can revoke: its window is its remaining life. Said at the servers' default
 * lifetimes (the deployment's window), with the lab's short test credential named as the method;
 * no request count, since that would be the load generator's pace times a lifetime.
 */
function statelessWindow(results: LabResults): string | undefined {
  const runs = (results.revocation?.runs ?? []).filter(
    (run) => !run.refused_before_expiry && run.window_ms > 0 && deploymentLifetime(run.variant) !== undefined,
  )
  const worst = runs.reduce<RevocationRun | undefined>((a, b) => (a && a.window_ms >= b.window_ms ? a : b), undefined)
  if (!worst) return undefined
  const variants = [...new Set(runs.map((run) => run.variant))]
  const byLifetime = new Map<number, string[]>()
  for (const variant of variants) {
    const lifetime = deploymentLifetime(variant) ?? 0
    byLifetime.set(lifetime, [...(byLifetime.get(lifetime) ?? []), variant])
  }
  const deployment = [...byLifetime]
    .sort(([a], [b]) => b - a)
    .map(([lifetime, some]) => `up to ${duration(lifetime)} for ${list(some)}`)
  return (
    `A token that cannot be revoked kept working after logout and revoke-all until it expired, on every replica. ` +
    `At the servers' default lifetimes that is ${list(deployment)} per stolen or logged-out token, at whatever rate its holder sends. ` +
    `Method: ${labCredential(results)}, which ${worst.variant} outlived its revoke by ${formatSeconds(worst.window_ms)} s.`
  )
}

/** What prompt revocation costs: the cheapest variant that did it against the cheapest that cannot. */
function revocationPrice(results: LabResults): string | undefined {
  const runs = results.revocation?.runs ?? []
  const variants = [...new Set(runs.map((run) => run.variant))]
  const prompt = variants.filter((variant) => promptlyRevoked(runs.filter((run) => run.variant === variant)))
  const cheapest = cheapestOf(results, prompt)
  if (!cheapest) return undefined
  const unrevocable = variants.filter((variant) =>
    runs.some((run) => run.variant === variant && run.auth_revocation === 'none'),
  )
  const stateless = cheapestOf(results, unrevocable)
  const tied = cheapest.tiedWith.length ? ` (not told apart from ${list(cheapest.tiedWith)})` : ''
  return (
    `Revocation within ${PROMPT_REVOCATION_MS / 1000} s on every replica: ${prompt.length} of ${variants.length} variants did it; the cheapest, ${cheapest.variant}, served ${formatRanked(cheapest.ratio)} the baseline's hot-read requests/s${tied}` +
    (stateless
      ? `, against ${formatRanked(stateless.ratio)} for ${stateless.variant}, which cannot revoke${versus(results, cheapest.ratio, stateless.ratio)}.`
      : '.')
  )
}

/** A per-replica cache: what it buys, and how long another replica serves a dead credential. */
function cacheWindow(results: LabResults): string | undefined {
  const runs = (results.revocation?.runs ?? []).filter(
    (run) => variantFlags(run.variant)['cache-ttl'] && !variantFlags(run.variant).invalidation,
  )
  const worst = runs.reduce<RevocationRun | undefined>((a, b) => (a && a.window_ms >= b.window_ms ? a : b), undefined)
  if (!worst) return undefined
  const stale = worst.replicas.filter((replica) => replica.accepted_after_revoke > 0).length
  const uncached = worst.variant.split(':')[0] ?? worst.variant
  const [cached, plain] = [rankable(results, worst.variant), rankable(results, uncached)]
  const pubsub = (results.revocation?.runs ?? []).filter((run) => variantFlags(run.variant).invalidation === 'pubsub')
  const fixed =
    pubsub.length && pubsub.every((run) => run.window_ms <= PROMPT_REVOCATION_MS && run.refused_before_expiry)
      ? ` With pub/sub invalidation (${list([...new Set(pubsub.map((run) => run.variant))])}) every replica refused within ${Math.round(Math.max(...pubsub.map((run) => run.window_ms)))} ms.`
      : ''
  return (
    `An in-process cache without invalidation (${worst.variant}, server said "${worst.auth_revocation ?? '–'}") kept serving a revoked credential for ${formatSeconds(worst.window_ms)} s on ${stale} of ${worst.replicas.length} replicas (${worst.accepted_after_revoke} requests)` +
    (cached && plain
      ? `, for ${formatRanked(cached)} of the baseline's hot read against ${formatRanked(plain)} uncached${versus(results, cached, plain)}.`
      : '.') +
    fixed
  )
}

/** Which variants need the store to answer a read, and (when measured) what an outage did to them. */
function storeDependence(results: LabResults): string | undefined {
  const outage = storeOutageVerdicts(results)
  if (outage) {
    const serving = outage.filter((verdict) => verdict.survives)
    const closed = outage.filter((verdict) => !verdict.survives && verdict.served === 0)
    const open = outage.filter((verdict) => !verdict.survives && verdict.served > 0)
    return (
      `With Redis down, ${serving.length ? `${list(serving.map((verdict) => `${verdict.variant} (${verdict.served} served)`))} kept serving` : 'no variant kept serving'}` +
      `${closed.length ? `; ${list(closed.map((verdict) => verdict.variant))} failed closed (${closed.reduce((sum, verdict) => sum + verdict.refused, 0)} refused, none let through)` : ''}` +
      `${open.length ? `; ${list(open.map((verdict) => `${verdict.variant} (${verdict.served} served, ${verdict.hung} hung)`))} only in part` : ''}.`
    )
  }
  const rows = costRows(results).filter((row) => row.variant !== results.baseline && row.redisCommands)
  const commands = (row: (typeof rows)[number]) => row.redisCommands?.median ?? 0
  // A cache asks Redis once per entry and TTL, not per read: counted apart, by its range only.
  const everyRead = rows.filter((row) => commands(row) >= 0.5)
  const cached = rows.filter((row) => commands(row) > 0 && commands(row) < 0.5)
  const free = rows.filter((row) => commands(row) === 0)
  if (everyRead.length === 0 || free.length === 0) return undefined
  const range = (some: typeof rows) =>
    `${formatNumber(Math.min(...some.map(commands)))}–${formatNumber(Math.max(...some.map(commands)))}`
  return (
    `${list(everyRead.map((row) => row.variant))} asked Redis on every read (${range(everyRead)} commands per request), so their reads stop when the store does; ` +
    `${list(free.map((row) => row.variant))} asked it nothing` +
    (cached.length ? `, and ${cached.length} cached variant${cached.length === 1 ? '' : 's'} ${range(cached)}` : '') +
    ' (store outage not measured in this run).'
  )
}

/** The spread of the hot read: who keeps the most and the least of the baseline's throughput. */
function throughputSpread(results: LabResults): string | undefined {
  const aggregate = costScenario(results)
  const ratios = rankableRatios(results)
  if (!aggregate) return undefined
  const ranked = [...ratios].sort(([, a], [, b]) => b.median - a.median)
  const [best, worst] = [ranked[0], ranked.at(-1)]
  if (!best || !worst || best === worst) return undefined
  const floor = aggregate.noise_floor
  const unranked = (aggregate.variants ?? [])
    .filter((entry) => entry.variant !== results.baseline && entry.rps_ratio && !ratios.has(entry.variant))
    .map((entry) => entry.variant)
  const left = unranked.length
    ? ` ${list(unranked)} not ranked: the run warned ${unranked.length === 1 ? 'its' : 'their'} spread is too wide.`
    : ''
  const interval = intervalName(best[1])
  if (!toldApart(best[1], worst[1], floor))
    return `On the hot read (${aggregate.connections} connections), the ${ratios.size} ranked variants were not told apart: from ${formatRanked(worst[1])} (${worst[0]}) to ${formatRanked(best[1])} (${best[0]}), their ${interval === 'IQR' ? 'interquartile ranges overlap' : '95% intervals overlap'}.${left}`
  return (
    `On the hot read (${aggregate.connections} connections), ranked by ${interval === 'IQR' ? 'the interquartile range' : 'the 95% interval of the median'}: ${best[0]} kept the most of the baseline's requests/s, ${formatRanked(best[1])}, and ${worst[0]} the least, ${formatRanked(worst[1])}` +
    (floor ? `; the baseline against itself gave ${formatRatio(floor)}, and closer ratios are not told apart.` : '.') +
    left
  )
}

function credentialSize(results: LabResults): string | undefined {
  const rows = costRows(results).filter((row) => row.variant !== results.baseline && row.credentialBytes > 0)
  const sorted = [...rows].sort((a, b) => a.credentialBytes - b.credentialBytes)
  const [small, large] = [sorted[0], sorted.at(-1)]
  if (!small || !large || small.credentialBytes === large.credentialBytes) return undefined
  return `Credentials on every request ranged from ${small.credentialBytes} bytes (${small.variant}) to ${large.credentialBytes} bytes (${large.variant}), ${(large.credentialBytes / small.credentialBytes).toFixed(1)}×; a token grows with every claim it carries.`
}

function loginCost(results: LabResults): string | undefined {
  const login = results.throughput?.aggregates.find((entry) => entry.scenario === 'login-storm')
  const hot = costScenario(results)
  if (!results.throughput || !login || !hot) return undefined
  const logins = throughputRows(results, results.throughput, login).filter((row) => row.variant !== results.baseline)
  const reads = throughputRows(results, results.throughput, hot).filter((row) => row.variant !== results.baseline)
  if (logins.length === 0 || reads.length === 0) return undefined
  const rates = logins.map((row) => row.rps.median)
  const readMedian = reads.map((row) => row.rps.median).sort((a, b) => a - b)[Math.floor(reads.length / 2)] ?? 0
  // Every strategy runs the same password hash, so the rates often print as one number: say so.
  const [low, high] = [formatNumber(Math.min(...rates)), formatNumber(Math.max(...rates))]
  const loginRate = low === high ? `${low} logins/s in each` : `${low}–${high} logins/s`
  return `A login costs far more than a read in every strategy: ${loginRate} (${hashCost(results.environment)}) against a median ${formatNumber(readMedian)} hot reads/s; plan login capacity on its own.`
}

function attacks(results: LabResults): string | undefined {
  const section = results.attacks
  if (!section) return undefined
  const accepted = section.variants.flatMap((variant) =>
    Object.entries(variant.results)
      .filter(([, result]) => result.verdict === 'accepted' || result.verdict === 'unexpected')
      .map(([id, result]) => `${id} on ${variant.variant} (${result.verdict}, HTTP ${result.status || '–'})`),
  )
  const ran = section.totals.blocked + section.totals.accepted + section.totals.unexpected
  // The stage also fails when a server could not be attacked (it never started, or stopped serving).
  const failed = section.passed ? '' : 'The attack stage failed (see the warnings); of the attacks that ran, '
  return accepted.length === 0
    ? `${failed}${failed ? 'all' : 'All'} ${section.totals.blocked} attacks that applied were blocked across ${section.variants.length} variants (${section.totals['not-applicable']} did not apply${section.totals.error ? `, ${section.totals.error} could not run` : ''}).`
    : `${accepted.length} of ${ran} attacks got through: ${list(accepted)}.`
}

/** In order of weight: an attack that got through outranks everything, then revocation, then cost. */
export function findings(results: LabResults): string[] {
  const attackFinding = attacks(results)
  const broken = (results.attacks?.totals.accepted ?? 0) + (results.attacks?.totals.unexpected ?? 0) > 0
  const ordered = [
    broken ? attackFinding : undefined,
    statelessWindow(results),
    revocationPrice(results),
    cacheWindow(results),
    storeDependence(results),
    refusalFinding(results.refusal),
    throughputSpread(results),
    credentialSize(results),
    loginCost(results),
    broken ? undefined : attackFinding,
  ]
  return ordered.filter((sentence): sentence is string => sentence !== undefined).slice(0, MAX_FINDINGS)
}
