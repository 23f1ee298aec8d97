import { escapeHtml } from '../render/escape.js'
import { markdownToHtml } from '../render/markdown-html.js'
import { legend } from '../render/svg-frame.js'
import { ACCEPTED_COLOUR, REFUSED_COLOUR, sharedTimelineAxes, timelineChart } from '../render/svg-lines.js'
import type { FailoverSection } from './failover-section.js'
import { BUCKET_MS } from './failover-analysis.js'
import { renderFailoverMarkdown } from './failover-table.js'

/**
 * The report's failover section: the table, then one timeline per run (small multiples on shared
 * axes): answers through HAProxy per 100 ms, 2xx stacked on failed, the kill at 0 and the
 * sentinels' promotion marked.
 */
export function failoverSection(results: { readonly failover?: FailoverSection | undefined }): string {
  const section = results.failover
  if (!section || section.runs.length === 0) return ''
  const panels = section.runs.map((run) => ({
    binMs: BUCKET_MS,
    bins: run.timeline.map((bucket) => ({ t: bucket.t_ms, accepted: bucket.ok, refused: bucket.failed })),
    markers: [
      { at: 0, label: 'kill' },
      { at: run.promoted_after_ms, label: 'promoted' },
    ],
  }))
  const shared = sharedTimelineAxes(panels)
  const charts = section.runs.map((run, index) =>
    timelineChart({
      id: `failover-${index}`,
      title: `${run.variant}${run.durable_revocation ? ' · durable revocation' : ''}`,
      caption:
        `unavailable ${run.unavailable_ms ?? 'to the end'} ms, ${run.failed} of ${run.requests} failed; ` +
        `${run.lost_revocations} of ${run.revocations_acknowledged} acknowledged logouts lost`,
      ...(panels[index] as (typeof panels)[number]),
      shared,
    }),
  )
  return (
    `<section id="failover">` +
    markdownToHtml(renderFailoverMarkdown(section)) +
    `<h3>Timelines: every answer through HAProxy around the kill of the primary</h3>` +
    `<p class="note">${escapeHtml(`Seconds from the SIGKILL across, answers per ${BUCKET_MS} ms up, the same scales in every panel.`)}</p>` +
    legend([
      { label: '2xx', colour: ACCEPTED_COLOUR },
      { label: 'failed (503 from a server or HAProxy)', colour: REFUSED_COLOUR },
    ]) +
    `<div class="timelines">${charts.join('')}</div></section>`
  )
}
