import { markdownTable, type Table } from '../render/table-model.js'
import { renderLatencyMarkdown } from './latency-table.js'
import type { StoreLatencySection, StoreOutageSection, StoreRestartSection } from './store-section.js'

/**
 * The store experiments as tables (data, drawn as Markdown in summary.md and as HTML in the report):
 * both show the same cells.
 */

const fraction = (part: number, whole: number) => `${part}/${whole}`

export function restartTable(section: StoreRestartSection): Table {
  return {
    header: [
      'variant',
      'persistence',
      'restart',
      'logout said',
      'live lost',
      'revoked accepted again',
      'refresh tokens lost',
      'revoked refresh accepted again',
      'recovery ms',
    ],
    numeric: [4, 5, 6, 7, 8],
    rows: section.runs.map((run) => [
      run.variant,
      run.persistence,
      run.stop,
      run.revocation_effect,
      run.live_lost > 0 ? { text: fraction(run.live_lost, run.live), tone: 'bad' } : fraction(0, run.live),
      run.revoked_accepted_again > 0
        ? { text: fraction(run.revoked_accepted_again, run.revoked), tone: 'bad' }
        : fraction(0, run.revoked),
      run.refresh ? fraction(run.refresh.lost, run.refresh.live) : '–',
      run.refresh ? fraction(run.refresh.accepted_again, run.refresh.revoked) : '–',
      String(run.recovery_ms),
    ]),
  }
}

/** Which settings kept every revocation and every login across every restart measured, in words. */
export function restartVerdict(section: StoreRestartSection): string {
  const modes = [...new Set(section.runs.map((run) => run.persistence))]
  const keeps = modes.filter((mode) =>
    section.runs
      .filter((run) => run.persistence === mode)
      .every((run) => run.live_lost === 0 && run.revoked_accepted_again === 0 && (run.refresh?.lost ?? 0) === 0),
  )
  const stops = section.method.stops.join(' and ')
  return keeps.length > 0
    ? `Persistence that lost nothing over ${stops} restarts: ${keeps.join(', ')}. Every other mode measured lost logins or undid revocations.`
    : `No persistence mode measured kept every login and revocation over ${stops} restarts.`
}

export function renderRestartMarkdown(section: StoreRestartSection): string {
  return [
    '## Store restart: what Redis forgets',
    '',
    `Method: ${section.method.description}`,
    '',
    markdownTable(restartTable(section)),
    '',
    restartVerdict(section),
    '',
  ].join('\n')
}

export function outageTable(section: StoreOutageSection): Table {
  return {
    header: [
      'variant',
      'store',
      'must fail closed',
      'logout said',
      'served during outage',
      'refused (503)',
      'hung',
      'revoked accepted during outage (before)',
      'recovery ms',
    ],
    numeric: [4, 5, 6, 7, 8],
    rows: section.runs.map((run) => [
      run.variant,
      run.mode === 'kill' ? 'killed' : 'stalled',
      run.must_fail_closed ? 'yes' : 'no',
      run.revocation_effect,
      run.must_fail_closed && run.served_during_outage > 0
        ? { text: String(run.served_during_outage), tone: 'bad' }
        : String(run.served_during_outage),
      String(run.refused_during_outage),
      run.hung > 0 ? { text: String(run.hung), tone: 'bad' } : '0',
      // Accepted during the outage although refused before it: the outage let a revoked token in.
      run.revoked_accepted_during_outage > 0 && run.revoked_accepted_before === 0
        ? { text: `${run.revoked_accepted_during_outage} (0)`, tone: 'bad' }
        : `${run.revoked_accepted_during_outage} (${run.revoked_accepted_before})`,
      run.recovery_ms === null ? { text: 'never', tone: 'bad' } : String(run.recovery_ms),
    ]),
  }
}

export function renderOutageMarkdown(section: StoreOutageSection): string {
  return [
    '## Store outage: killed or stalled Redis under load',
    '',
    `Method: ${section.method.description}`,
    '',
    markdownTable(outageTable(section)),
    '',
    'A variant marked `store-failure=open` was started with the INSECURE opt-in that serves without the denylist while Redis is down: its "revoked accepted" column is the price.',
    '',
  ].join('\n')
}

/** Every store section the run holds, for summary.md (empty when there are none). */
export function renderStoreMarkdown(results: {
  readonly store_restart?: StoreRestartSection | undefined
  readonly store_outage?: StoreOutageSection | undefined
  readonly store_latency?: StoreLatencySection | undefined
}): string[] {
  return [
    ...(results.store_latency ? [renderLatencyMarkdown(results.store_latency)] : []),
    ...(results.store_outage ? [renderOutageMarkdown(results.store_outage)] : []),
    ...(results.store_restart ? [renderRestartMarkdown(results.store_restart)] : []),
  ]
}
