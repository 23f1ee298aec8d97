import type { BurstSection, RunResults } from './results-types.js'
import { selfCheck, UNRELIABLE } from './self-check.js'
import { TARGET_HALF_WIDTH, unconverged } from './convergence.js'

/** The default password-hash cost; a run with a cheaper hash understates the cost of a login. */
const REAL_SCRYPT_LOG_N = 17
/** An interquartile range of a ratio wider than this means the machine was too noisy to rank closely. */
export const WIDE_IQR = 0.2

function burstWarnings(name: string, section: BurstSection | undefined, baseline: string, adaptive = false): string[] {
  if (!section) return []
  const invalid = section.samples.filter((sample) => !sample.valid)
  const warnings = invalid.length
    ? [
        `${name}: ${invalid.length} of ${section.samples.length} bursts were invalid and left out (${[...new Set(invalid.map((sample) => `${sample.variant}: ${sample.invalid_reason}`))].slice(0, 3).join('; ')}).`,
      ]
    : []
  for (const aggregate of section.aggregates) {
    if (adaptive && aggregate.scenario === 'hot-read') {
      const wide = unconverged(aggregate, baseline)
      // Rounds as bursts per variant: in blocks (options.read_order) a sample's `round` is its block.
      const rounds = Math.max(
        0,
        ...aggregate.variants
          .filter((entry) => entry.variant !== baseline)
          .map((entry) => entry.valid_bursts + entry.invalid_bursts),
      )
      if (wide.length)
        warnings.push(
          `${name} hot-read: after ${rounds} rounds (the most this profile runs), the 95% interval of ${wide.join(', ')} is still wider than ±${TARGET_HALF_WIDTH}: rank them only where their intervals do not overlap.`,
        )
    }
    for (const entry of aggregate.variants) {
      const spread = entry.rps_ratio
      if (spread && spread.q3 - spread.q1 > WIDE_IQR) {
        warnings.push(
          `${name} ${aggregate.scenario}@${aggregate.connections}: ${entry.variant}'s ratio spread is wide (IQR ${spread.q1.toFixed(2)}–${spread.q3.toFixed(2)}); do not rank it against close neighbours.`,
        )
      }
      if (entry.valid_bursts > 0 && !spread)
        warnings.push(
          `${name} ${aggregate.scenario}@${aggregate.connections}: ${entry.variant} has no ratio (no valid baseline burst in its rounds).`,
        )
    }
  }
  return warnings
}

/** Everything a reader must know before trusting the tables, derived from the results alone. */
export function collectWarnings(results: Omit<RunResults, 'warnings'>): string[] {
  // First: a run that contradicts itself says so before anything else.
  const warnings: string[] = [...selfCheck(results.throughput)]
  for (const variant of results.variants.filter((entry) => entry.status === 'failed')) {
    warnings.push(`${variant.id} failed and was not measured: ${variant.failure}`)
  }
  // A run with no load stage (authlab revoke) has no ratios to warn about.
  const loaded = results.variants.length > 0
  if (loaded && !results.variants.some((entry) => entry.id === results.baseline && entry.status === 'measured')) {
    warnings.push(`The baseline "${results.baseline}" was not measured, so there are no ratios.`)
  }
  const adaptive = results.options.max_rounds !== undefined
  warnings.push(
    ...burstWarnings('throughput', results.throughput, results.baseline, adaptive),
    ...burstWarnings('sweep', results.sweep, results.baseline),
  )
  if (loaded && results.options.rounds < 3)
    warnings.push(
      `Only ${results.options.rounds} rounds per scenario: the interquartile ranges say little. Use the default profile for numbers to quote.`,
    )
  const invalidCpu = results.cpu?.samples.filter((sample) => !sample.valid) ?? []
  if (invalidCpu.length) warnings.push(`in-process CPU: ${invalidCpu.length} samples invalid and left out.`)
  for (const variant of results.ceiling?.near_ceiling ?? []) {
    warnings.push(
      `${variant} reached half of the load generator's ceiling on the hot read: its number partly measures autocannon, not the server.`,
    )
  }
  // Absent in a --targets run: the servers hash at their own cost, which this run did not set.
  if (results.environment.scrypt_log_n !== undefined && results.environment.scrypt_log_n !== REAL_SCRYPT_LOG_N) {
    warnings.push(
      `Password hashing ran at log2(N) = ${results.environment.scrypt_log_n} instead of ${REAL_SCRYPT_LOG_N}: login-storm numbers do not show the real hash cost.`,
    )
  }
  if (results.environment.redis_source === 'REDIS_URL') {
    warnings.push(
      'Redis came from REDIS_URL and may serve other clients: Redis CPU and commands per request may include their work.',
    )
  }
  if (results.environment.pinned) {
    warnings.push(
      'CPUs were pinned: strategies that sign or verify on the crypto thread pool (Ed25519) lose the core it would use.',
    )
  }
  return warnings
}

/** The self-check's warnings of a run (see self-check.ts): what its summary, report, guide and ADR open with. */
export const unreliableWarnings = (results: Pick<RunResults, 'warnings'>): string[] =>
  results.warnings.filter((warning) => warning.startsWith(UNRELIABLE))
