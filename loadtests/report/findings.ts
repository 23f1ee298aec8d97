/**
 * "What this run says": the facts of one run as sentences, each computed from results.json, so the
 * words can never drift from the numbers. Plain text; the renderers escape it.
 */
import type { RevocationRun } from '../revocation/revocation-experiment.js'
import { formatIqr, formatNumber, formatSeconds } from './format.js'
import { costRows, costScenario, sweepSeries, throughputRows } from './report-data.js'
import type { LabResults } from '../results/results-types.js'

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`

function throughputFindings(results: LabResults): string[] {
  const aggregate = costScenario(results)
  if (!results.throughput || !aggregate) return []
  const rows = throughputRows(results, results.throughput, aggregate).filter(
    (row) => row.variant !== results.baseline && row.ratio,
  )
  const where = `on ${aggregate.scenario} (${aggregate.connections} connections)`
  const sentences = rows.map(
    (row) =>
      `${row.variant} served ${row.ratio?.median.toFixed(2)}× the baseline's requests/s ${where} [IQR ${row.ratio ? formatIqr(row.ratio) : '–'}].`,
  )
  const ranked = [...rows].sort((a, b) => (b.ratio?.median ?? 0) - (a.ratio?.median ?? 0))
  const [best, worst] = [ranked[0], ranked.at(-1)]
  if (best && worst && best !== worst) {
    sentences.push(
      `Of the authenticated variants, ${best.variant} kept the most throughput (${best.ratio?.median.toFixed(2)}×) and ${worst.variant} the least (${worst.ratio?.median.toFixed(2)}×).`,
    )
  }
  const login = results.throughput.aggregates.find((entry) => entry.scenario === 'login-storm')
  const logins = login ? throughputRows(results, results.throughput, login) : []
  if (logins.length > 1) {
    const rates = logins.map((row) => row.rps.median)
    sentences.push(
      `On the login storm (a memory-hard password hash per login), the variants served between ${formatNumber(Math.min(...rates))} and ${formatNumber(Math.max(...rates))} logins/s.`,
    )
  }
  return sentences
}

function costFindings(results: LabResults): string[] {
  const rows = costRows(results).filter((row) => row.variant !== results.baseline)
  const sentences: string[] = []
  const added = rows.filter((row) => row.authPartUs && row.baselinePartUs !== null)
  if (added.length) {
    sentences.push(
      `In-process, on top of the baseline's ${formatNumber(added[0]?.baselinePartUs)} µs per request, auth added ${list(added.map((row) => `${formatNumber(row.authPartUs?.median)} µs (${row.variant})`))}.`,
    )
  }
  const redis = rows.filter((row) => (row.redisCommands?.median ?? 0) > 0)
  const none = rows.filter((row) => !row.redisCommands || row.redisCommands.median === 0)
  if (redis.length) {
    sentences.push(
      `${list(redis.map((row) => `${row.variant} made ${formatNumber(row.redisCommands?.median)}`))} Redis commands per request${none.length ? `; ${list(none.map((row) => row.variant))} made none` : ''}.`,
    )
  }
  const sized = rows.filter((row) => row.credentialBytes > 0).sort((a, b) => a.credentialBytes - b.credentialBytes)
  const [small, large] = [sized[0], sized.at(-1)]
  if (small && large && small !== large) {
    sentences.push(
      `Credentials ranged from ${small.credentialBytes} bytes (${small.variant}) to ${large.credentialBytes} bytes (${large.variant}) on every request.`,
    )
  }
  return sentences
}

function revocationFinding(run: RevocationRun): string {
  const leaked = run.replicas.filter((replica) => replica.accepted_after_revoke > 0)
  const after = `after ${run.kind === 'logout' ? 'logout' : 'revoke-all'}`
  if (leaked.length === 0) {
    const refusedBy = Math.max(0, ...run.replicas.map((replica) => replica.first_refused_ms ?? 0))
    return `${run.variant} refused the credential on every replica within ${Math.round(refusedBy)} ms ${after}.`
  }
  const where =
    leaked.length === run.replicas.length
      ? 'on every replica'
      : `on ${leaked.length} of ${run.replicas.length} replicas`
  const until = run.refused_before_expiry ? '' : ', until it expired'
  return `${run.variant} (server said "${run.auth_revocation ?? `HTTP ${run.revoke_status}`}") kept accepting the credential ${formatSeconds(run.window_ms)} s ${after} ${where}${until}: ${run.accepted_after_revoke} requests got through.`
}

function attackFindings(results: LabResults): string[] {
  const attacks = results.attacks
  if (!attacks) return []
  const accepted = attacks.variants.flatMap((variant) =>
    Object.entries(variant.results)
      .filter(([, result]) => result.verdict === 'accepted' || result.verdict === 'unexpected')
      .map(([id, result]) => `${id} on ${variant.variant} (${result.verdict}, HTTP ${result.status || '–'})`),
  )
  const ran = attacks.totals.blocked + attacks.totals.accepted + attacks.totals.unexpected
  return accepted.length === 0
    ? [
        `All ${attacks.totals.blocked} attacks that applied were blocked across ${attacks.variants.length} variants (${attacks.totals['not-applicable']} did not apply${attacks.totals.error ? `, ${attacks.totals.error} could not run` : ''}).`,
      ]
    : [`${accepted.length} of ${ran} attacks got through: ${list(accepted)}.`]
}

function harnessFindings(results: LabResults): string[] {
  const sentences: string[] = []
  const ceiling = results.ceiling?.rps
  const baseline = costScenario(results)?.variants.find((entry) => entry.variant === results.baseline)?.rps
  if (ceiling && baseline) {
    sentences.push(
      `The load generator reached ${formatNumber(ceiling.median)} req/s on a bare node:http server; the baseline got ${Math.round((100 * baseline.median) / ceiling.median)}% of that.`,
    )
  }
  const peaks = sweepSeries(results).map((series) => {
    const peak = series.points.reduce((a, b) => (b.rps.median > a.rps.median ? b : a))
    return `${series.variant} at ${peak.connections} (${formatNumber(peak.rps.median)} req/s)`
  })
  if (peaks.length)
    sentences.push(
      `In the concurrency sweep, each variant's highest throughput came at these connection counts: ${list(peaks)}.`,
    )
  if (results.warnings.length)
    sentences.push(
      `The run carries ${results.warnings.length} warning${results.warnings.length === 1 ? '' : 's'}: read them before quoting a number.`,
    )
  return sentences
}

export function findings(results: LabResults): string[] {
  return [
    ...throughputFindings(results),
    ...costFindings(results),
    ...(results.revocation?.runs ?? []).map(revocationFinding),
    ...attackFindings(results),
    ...harnessFindings(results),
  ]
}
