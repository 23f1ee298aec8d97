/**
 * The requirements table: a requirement an architect may have, the variants this run shows meeting
 * it, and the cheapest of those as measured (the highest hot-read throughput ratio to the baseline).
 * Every verdict is read from results.json; a requirement the run holds no data for says so.
 */
import type { Spread } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import type { RevocationRun } from '../revocation/revocation-experiment.js'
import { costScenario } from './report-data.js'
import { storeOutageVerdicts } from './store-outage-reader.js'
import { formatRanked, hotReadFloor, rankableRatios, toldApart } from './told-apart.js'

/**
 * Revocation counts as prompt when every replica refused within this many ms. Half the lab's cache
 * TTL (1000 ms): a threshold equal to the TTL would be met by every cache by construction.
 */
export const PROMPT_REVOCATION_MS = 500
/** "Smallest credential": within this factor of the smallest one measured. */
const SMALL_CREDENTIAL_FACTOR = 1.1

export interface Cheapest {
  readonly variant: string
  readonly ratio: Spread
  /** Others that meet the requirement whose ratios the run cannot tell from this one (told-apart.ts). */
  readonly tiedWith: readonly string[]
  /** Others that meet it but whose ratio the run warned is too wide to rank: neither cheaper nor dearer. */
  readonly unranked: readonly string[]
}

export interface RequirementRow {
  readonly requirement: string
  /** How this run decided it, for the reader to check. */
  readonly test: string
  /** Undefined when the run holds no data to decide it. */
  readonly meeting: readonly string[] | undefined
  /** The variants the run could judge: a variant outside this list neither meets nor misses it. */
  readonly judged: readonly string[]
  readonly cheapest: Cheapest | undefined
}

/** `jwt:cache-ttl=1000,revocation=denylist` → { cache-ttl: '1000', revocation: 'denylist' }. */
export function variantFlags(id: string): Record<string, string> {
  const [, rest = ''] = id.split(':', 2)
  return Object.fromEntries(
    rest
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=', 2) as [string, string]),
  )
}

/** Hot-read ratio of every variant the run measured there (the baseline left out). */
export function hotReadRatios(results: LabResults): Map<string, Spread> {
  const entries = costScenario(results)?.variants ?? []
  return new Map(
    entries.flatMap((entry) =>
      entry.variant !== results.baseline && entry.rps_ratio ? [[entry.variant, entry.rps_ratio] as const] : [],
    ),
  )
}

/**
 * The variant with the highest hot-read ratio among `variants`, with those it is not told apart
 * from. Undefined when none may be ranked: no ratio, or the run's self-check says it is unreliable.
 */
export function cheapestOf(results: LabResults, variants: readonly string[]): Cheapest | undefined {
  const ratios = rankableRatios(results)
  const floor = hotReadFloor(results)
  const measured = hotReadRatios(results)
  const ranked = variants
    .flatMap((variant) => {
      const ratio = ratios.get(variant)
      return ratio ? [{ variant, ratio }] : []
    })
    .sort((a, b) => b.ratio.median - a.ratio.median)
  const [best, ...rest] = ranked
  if (!best) return undefined
  return {
    ...best,
    tiedWith: rest.filter((other) => !toldApart(best.ratio, other.ratio, floor)).map((other) => other.variant),
    unranked: variants.filter((variant) => measured.has(variant) && !ratios.has(variant)),
  }
}

const runsByVariant = (results: LabResults): Map<string, RevocationRun[]> => {
  const runs = new Map<string, RevocationRun[]>()
  for (const run of results.revocation?.runs ?? []) runs.set(run.variant, [...(runs.get(run.variant) ?? []), run])
  return runs
}

/** Every revoke of the variant was refused on every replica within the prompt limit (window_ms: the worst replica). */
export const promptlyRevoked = (runs: readonly RevocationRun[]): boolean =>
  runs.length > 0 && runs.every((run) => run.refused_before_expiry && run.window_ms <= PROMPT_REVOCATION_MS)

function row(
  results: LabResults,
  requirement: string,
  test: string,
  judged: readonly string[],
  meeting: readonly string[] | undefined,
): RequirementRow {
  return { requirement, test, meeting, judged, cheapest: meeting ? cheapestOf(results, meeting) : undefined }
}

/**
 * A server that never asks the store on a read still sends it a few commands during a burst: the
 * store guard's watchdog PING, pub/sub, a cache refilling once a second. Those come to well under one
 * per hundred requests; a store on the read path is at least one per request.
 */
const NO_STORE_COMMANDS_PER_REQUEST = 0.1

/** The in-process cache TTLs (ms) of the variants the revocation stage measured. */
const cacheTtls = (results: LabResults): number[] =>
  [...new Set((results.revocation?.runs ?? []).map((run) => Number(variantFlags(run.variant)['cache-ttl'])))]
    .filter((ttl) => Number.isFinite(ttl) && ttl > 0)
    .sort((a, b) => a - b)

const hasCache = (variant: string) => variantFlags(variant)['cache-ttl'] !== undefined

export function requirementRows(results: LabResults): RequirementRow[] {
  const revocation = runsByVariant(results)
  const replicas = results.revocation?.method.replicas ?? 0
  const hot = costScenario(results)?.variants.filter((entry) => entry.variant !== results.baseline && entry.rps) ?? []
  const outage = storeOutageVerdicts(results)
  const sized = hot.filter((entry) => entry.credential_bytes > 0)
  const smallest = Math.min(...sized.map((entry) => entry.credential_bytes))
  const prompt = [...revocation].filter(([, runs]) => promptlyRevoked(runs)).map(([variant]) => variant)
  const ttls = cacheTtls(results)
  const within = `${PROMPT_REVOCATION_MS / 1000} s`
  return [
    row(
      results,
      `revocation within ${within}`,
      `every revoke in the revocation stage (${results.revocation?.method.kinds.join(', ') ?? '–'}) refused on all ${replicas} replicas within ${PROMPT_REVOCATION_MS} ms` +
        (ttls.length
          ? ` (the caches' TTL is ${ttls.join(', ')} ms: a cache without invalidation may serve a revoked credential that long)`
          : ''),
      [...revocation.keys()],
      revocation.size ? prompt : undefined,
    ),
    row(
      results,
      'no store on the read path',
      `fewer than ${NO_STORE_COMMANDS_PER_REQUEST} Redis commands per request in the hot read (background traffic only), and no cache: ` +
        'the hot read sends one credential, so a cache was always warm there, and every miss asks the store',
      hot.map((entry) => entry.variant),
      hot.length
        ? hot
            .filter(
              (entry) =>
                (entry.redis_commands_per_req?.median ?? 0) < NO_STORE_COMMANDS_PER_REQUEST && !hasCache(entry.variant),
            )
            .map((entry) => entry.variant)
        : undefined,
    ),
    row(
      results,
      `revoked on every replica within ${within}, needing no invalidation channel`,
      `revocation within ${within} on all ${replicas} replicas with no pub/sub between them; a variant with pub/sub invalidation needs that channel and misses this however fast it was`,
      [...revocation.keys()],
      revocation.size ? prompt.filter((variant) => !variantFlags(variant).invalidation) : undefined,
    ),
    row(
      results,
      'reads survive a store outage (logins fail in every strategy)',
      (outage
        ? 'kept answering 2xx to reads while Redis was down, in every failure mode measured, nothing hung'
        : 'not measured in this run (no store_outage section); the candidates are the variants with no store on the read path') +
        '; no strategy logs anyone in while it is down: every login asks Redis (its rate limiter)',
      outage?.map((verdict) => verdict.variant) ?? [],
      outage?.filter((verdict) => verdict.survives).map((verdict) => verdict.variant),
    ),
    row(
      results,
      'smallest credential',
      `credential bytes on every request within ${SMALL_CREDENTIAL_FACTOR}× of the smallest (${Number.isFinite(smallest) ? smallest : '–'} B)`,
      sized.map((entry) => entry.variant),
      sized.length
        ? sized
            .filter((entry) => entry.credential_bytes <= smallest * SMALL_CREDENTIAL_FACTOR)
            .map((entry) => entry.variant)
        : undefined,
    ),
  ]
}

/**
 * The "cheapest" cell: the variant and its ratio with the interval it was ranked by, the variants
 * it is not told apart from (never ordered), and those not ranked at all.
 */
export function cheapestText(row: RequirementRow): string {
  const cheapest = row.cheapest
  if (!cheapest) return row.meeting?.length ? 'not ranked (no ratio the run can rank: see its warnings)' : '–'
  return [
    `${cheapest.variant} ${formatRanked(cheapest.ratio)}`,
    ...(cheapest.tiedWith.length ? [`not told apart from ${cheapest.tiedWith.join(', ')}`] : []),
    ...(cheapest.unranked.length ? [`not ranked (spread too wide): ${cheapest.unranked.join(', ')}`] : []),
  ].join('; ')
}
