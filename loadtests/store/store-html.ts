/** report.html's sections of the store experiments (issue 13): distance, outage, restart. */
import type { StoreLatencySection, StoreOutageSection, StoreRestartSection } from './store-section.js'
import { latencyTable, latencyVerdict } from './latency-table.js'
import { OUTAGE_CLASSES } from './outage-analysis.js'
import { outageTable, restartTable, restartVerdict } from './store-tables.js'
import { escapeHtml } from '../render/escape.js'
import type { ColourOf } from '../render/svg-frame.js'
import { legend } from '../render/svg-frame.js'
import { lineChart } from '../render/svg-lines.js'
import { sharedStatusAxes, STATUS_COLOURS, STATUS_LABELS, statusTimelineChart } from './svg-status-timeline.js'
import { htmlDetails, htmlTable } from '../render/table-model.js'

const method = (description: string) => `<p class="note">Method: ${escapeHtml(description)}</p>`

export function latencyHtml(section: StoreLatencySection, colourOf: ColourOf): string {
  if (section.points.length === 0) return ''
  const variants = [...new Set(section.points.map((point) => point.variant))]
  const chart = lineChart({
    id: 'store-latency',
    title: 'Latency against the distance to Redis',
    caption: 'p50 of GET /api/me under paced (open-model) load, per RTT added between the servers and Redis.',
    xLabel: 'RTT to Redis, ms',
    yLabel: 'p50 latency, ms',
    series: variants.map((variant) => ({
      label: variant,
      colour: colourOf(variant),
      points: section.points
        .filter((point) => point.variant === variant && point.latency_ms)
        .map((point) => ({ x: point.rtt_ms, y: point.latency_ms?.p50 ?? 0 })),
    })),
  })
  return (
    `<h2 id="store-latency">Store latency: Redis moved away</h2>` +
    method(section.method.description) +
    chart +
    `<p>${escapeHtml(latencyVerdict(section))}</p>` +
    htmlDetails(`Table: every variant at every RTT (${section.points.length} points)`, htmlTable(latencyTable(section)))
  )
}

export function outageHtml(section: StoreOutageSection): string {
  if (section.runs.length === 0) return ''
  const axes = sharedStatusAxes(section.runs.map((run) => run.timeline))
  const panels = section.runs.map((run, index) =>
    statusTimelineChart(
      `store-outage-${index}`,
      `${run.variant} · ${run.mode === 'kill' ? 'killed' : 'stalled'}`,
      `${run.served_during_outage} served, ${run.refused_during_outage} refused, ${run.hung} hung; back in ${run.recovery_ms ?? '–'} ms`,
      run.timeline,
      axes,
    ),
  )
  return (
    `<h2 id="store-outage">Store outage: killed or stalled Redis under load</h2>` +
    method(section.method.description) +
    htmlTable(outageTable(section)) +
    `<p class="note">A variant with store-failure=open runs the INSECURE opt-in that skips the denylist while Redis is down: its revoked-accepted count is the price.</p>` +
    `<h3>Every answer around the outage, per ${section.method.bin_ms} ms</h3>` +
    legend(OUTAGE_CLASSES.map((name) => ({ label: STATUS_LABELS[name], colour: STATUS_COLOURS[name] }))) +
    `<div class="timelines">${panels.join('')}</div>`
  )
}

export function restartHtml(section: StoreRestartSection): string {
  if (section.runs.length === 0) return ''
  return (
    `<h2 id="store-restart">Store restart: what Redis forgets</h2>` +
    method(section.method.description) +
    `<p>${escapeHtml(restartVerdict(section))} For a revocation (and a login) to survive a restart, Redis needs ` +
    `appendonly yes (appendfsync everysec or always); an RDB snapshot only keeps what was saved before the stop.</p>` +
    htmlTable(restartTable(section))
  )
}
