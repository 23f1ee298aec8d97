/** report.html's section of the revocation experiment: the trade-off, the table, the timelines. */
import { hotReadThroughput } from '../results/hot-read.js'
import { renderRevocationTable } from './revocation-table.js'
import { escapeHtml } from '../render/escape.js'
import { formatSeconds } from '../render/format.js'
import type { ColourOf } from '../render/svg-frame.js'
import { markdownToHtml } from '../render/markdown-html.js'
import { timelineBins, tradeOffPoints } from './revocation-figures.js'
import { ACCEPTED_COLOUR, REFUSED_COLOUR, sharedTimelineAxes, timelineChart } from '../render/svg-lines.js'
import { legend } from '../render/svg-frame.js'
import { scatterChart } from '../render/svg-scatter.js'
import { htmlDetails } from '../render/table-model.js'
import type { RunResults } from '../results/results-types.js'
import type { RevocationSection } from './revocation-section.js'

function tradeOff(section: RevocationSection, results: RunResults, colourOf: ColourOf): string {
  const { points, missing } = tradeOffPoints(section, results)
  const note = missing.length
    ? `<p class="note">No hot-read throughput in this run, so not placed: ${escapeHtml(missing.join(', '))}.</p>`
    : ''
  if (points.length === 0) return note
  return (
    scatterChart({
      id: 'trade-off',
      title: 'The trade-off: throughput against how long a revoked credential keeps working',
      caption:
        'One point per variant. Up: more of the baseline’s hot-read requests/s. Left: a shorter window (worst replica, worst kind of revoke).',
      xLabel: 'revocation window, seconds',
      yLabel: 'req/s ratio to baseline',
      formatX: (ms) => (ms / 1000).toFixed(1),
      points: points.map((point) => ({
        label: point.variant,
        x: point.windowMs,
        y: point.ratio,
        colour: colourOf(point.variant),
      })),
    }) + note
  )
}

export function revocationHtml(section: RevocationSection, results: RunResults, colourOf: ColourOf): string {
  if (section.runs.length === 0) return ''
  const panels = section.runs.map((run) => ({
    binMs: run.timeline.bin_ms,
    bins: timelineBins(run),
    markers: [{ at: 0, label: 'revoke' }, ...(run.life_left_ms > 0 ? [{ at: run.life_left_ms, label: 'expiry' }] : [])],
  }))
  const shared = sharedTimelineAxes(panels)
  const timelines = section.runs.map((run, index) =>
    timelineChart({
      id: `timeline-${index}`,
      title: `${run.variant} · ${run.kind}`,
      caption: `said “${run.auth_revocation ?? `HTTP ${run.revoke_status}`}”; window ${formatSeconds(run.window_ms)} s, ${run.accepted_after_revoke} accepted after`,
      ...(panels[index] as (typeof panels)[number]),
      shared,
    }),
  )
  // The heading and the method stay in view; the long per-run table folds away under the charts.
  const markdown = renderRevocationTable(section, (variant) => hotReadThroughput(results, variant))
  const tableAt = markdown.indexOf('\n| ')
  return (
    `<section id="revocation">` +
    markdownToHtml(markdown.slice(0, tableAt)) +
    tradeOff(section, results, colourOf) +
    htmlDetails(
      `Table: every revoke, per replica (${section.runs.length} runs)`,
      markdownToHtml(markdown.slice(tableAt)),
    ) +
    `<h3>Timelines: every answer around the revoke, all replicas together</h3>` +
    `<p class="note">Small multiples on shared axes: seconds from the revoke call’s answer across, answers per ${section.runs[0]?.timeline.bin_ms ?? ''} ms bin up, the same scales in every panel.</p>` +
    legend([
      { label: 'accepted (200)', colour: ACCEPTED_COLOUR },
      { label: 'refused (401)', colour: REFUSED_COLOUR },
    ]) +
    `<div class="timelines">${timelines.join('')}</div></section>`
  )
}
