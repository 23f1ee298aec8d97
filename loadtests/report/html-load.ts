/** Page sections from the load experiments: throughput and latency per scenario, the sweep, cost. */
import { noiseFloorSentence } from '../experiments/load-tables.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import type { BurstSection, ScenarioAggregate } from '../results/results-types.js'
import type { LabResults } from '../stages.js'
import { escapeHtml } from '../render/escape.js'
import { formatNumber } from '../render/format.js'
import { costRows, costScenario, sweepSeries, throughputRows, unmeasured, type CostRow } from './report-data.js'
import { costTable, latencyTable, throughputTable } from './report-tables.js'
import { barChart } from '../render/svg-bars.js'
import { BASELINE_COLOUR, type ColourOf } from '../render/svg-frame.js'
import { lineChart } from '../render/svg-lines.js'
import { htmlDetails, htmlTable } from '../render/table-model.js'

const PERCENTILES = [
  { key: 'p50', label: 'p50', colour: '#9BB7D4' },
  { key: 'p90', label: 'p90', colour: '#56B4E9' },
  { key: 'p97_5', label: 'p97.5', colour: '#0072B2' },
  { key: 'p99', label: 'p99', colour: '#332288' },
] as const

export const scenarioId = (aggregate: ScenarioAggregate) => `${aggregate.scenario}-${aggregate.connections}`

function scenarioSection(
  results: LabResults,
  section: BurstSection,
  aggregate: ScenarioAggregate,
  colourOf: ColourOf,
): string {
  const rows = throughputRows(results, section, aggregate)
  const description = SCENARIOS[aggregate.scenario as keyof typeof SCENARIOS]?.description ?? aggregate.scenario
  const missing = unmeasured(aggregate)
  const throughput = barChart({
    id: `throughput-${scenarioId(aggregate)}`,
    title: `Requests/s, ${aggregate.scenario} at ${aggregate.connections} connections`,
    caption:
      'Bar: median burst. Thick whisker: interquartile range. Thin whisker: slowest to fastest valid burst. Right: median req/s and the ratio to the baseline.',
    axisLabel: 'requests per second',
    rows: rows.map((row) => ({
      label: row.variant,
      bars: [
        {
          series: 'req/s',
          value: row.rps.median,
          colour: colourOf(row.variant),
          iqr: [row.rps.q1, row.rps.q3],
          range: [row.min, row.max],
        },
      ],
      note: `${formatNumber(row.rps.median)}/s · ${row.ratio ? `${row.ratio.median.toFixed(2)}×` : 'no ratio'}`,
    })),
  })
  const latency = barChart({
    id: `latency-${scenarioId(aggregate)}`,
    title: `Latency percentiles, ${aggregate.scenario}`,
    caption:
      'Median over bursts of autocannon’s percentiles, in ms, overlaid from zero: each colour ends at its percentile.',
    axisLabel: 'milliseconds',
    layout: 'overlaid',
    legend: PERCENTILES.map(({ label, colour }) => ({ label, colour })),
    rows: rows.flatMap((row) => {
      const measured = row.latency
      if (!measured) return []
      return [
        {
          label: row.variant,
          bars: PERCENTILES.map(({ key, label, colour }) => ({ series: label, value: measured[key], colour })),
          note: `p99 ${formatNumber(measured.p99)} ms`,
        },
      ]
    }),
  })
  return (
    `<section class="scenario" id="scenario-${escapeHtml(scenarioId(aggregate))}">` +
    `<h3>${escapeHtml(aggregate.scenario)}, ${aggregate.connections} connections</h3><p>${escapeHtml(description)}</p>` +
    throughput +
    htmlDetails(`Table: requests/s and ratios, ${aggregate.scenario}`, htmlTable(throughputTable(rows))) +
    (aggregate.noise_floor
      ? `<p class="note">${escapeHtml(noiseFloorSentence(aggregate.noise_floor, results.baseline))}</p>`
      : '') +
    (missing.length ? `<p class="note">No valid burst, so not drawn: ${escapeHtml(missing.join(', '))}.</p>` : '') +
    latency +
    htmlDetails(`Table: latency percentiles, ${aggregate.scenario}`, htmlTable(latencyTable(rows))) +
    `</section>`
  )
}

export function throughputSections(results: LabResults, colourOf: ColourOf): string {
  const section = results.throughput
  if (!section) return ''
  return (
    `<h2 id="throughput">Throughput and latency</h2>` +
    `<p>Each ratio is a burst’s req/s over the mean of the <code>${escapeHtml(results.baseline)}</code> bursts on either side of it in its round (the login storm: the one baseline burst of its round), then the median over rounds.</p>` +
    section.aggregates.map((aggregate) => scenarioSection(results, section, aggregate, colourOf)).join('')
  )
}

export function sweepSection(results: LabResults, colourOf: ColourOf): string {
  const series = sweepSeries(results)
  if (series.length === 0) return ''
  return (
    `<h2 id="sweep">Concurrency sweep</h2>` +
    lineChart({
      id: 'sweep',
      title: `Requests/s by connections, ${results.sweep?.aggregates[0]?.scenario ?? 'hot-read'}`,
      caption: 'Median burst per level, interquartile range as a whisker. The connection axis is logarithmic.',
      xLabel: 'connections (log scale)',
      yLabel: 'requests per second',
      logX: true,
      series: series.map((entry) => ({
        label: entry.variant,
        colour: colourOf(entry.variant),
        points: entry.points.map((point) => ({
          x: point.connections,
          y: point.rps.median,
          iqr: [point.rps.q1, point.rps.q3] as const,
        })),
      })),
    })
  )
}

export function costSection(results: LabResults, colourOf: ColourOf): string {
  const rows = costRows(results)
  const scenario = costScenario(results)?.scenario ?? 'hot-read'
  if (rows.length === 0) return ''
  const inProcess = rows.filter((row) => row.authPartUs && row.baselinePartUs !== null)
  const cpuChart = inProcess.length
    ? barChart({
        id: 'cpu-cost',
        title: 'CPU per request, in-process',
        caption: `Grey: what the ${results.baseline} baseline spends. Colour: what auth adds (median of the in-round differences; a negative one is drawn as 0).`,
        axisLabel: 'CPU µs per request',
        legend: [{ label: `${results.baseline} baseline part`, colour: BASELINE_COLOUR }],
        rows: inProcess.map((row) => ({
          label: row.variant,
          bars: [
            { series: 'baseline', value: row.baselinePartUs ?? 0, colour: BASELINE_COLOUR },
            {
              series: 'auth',
              value: row.authPartUs?.median ?? 0,
              colour: colourOf(row.variant),
              iqr: [
                (row.baselinePartUs ?? 0) + (row.authPartUs?.q1 ?? 0),
                (row.baselinePartUs ?? 0) + (row.authPartUs?.q3 ?? 0),
              ],
            },
          ],
          note: `+${formatNumber(row.authPartUs?.median)} µs`,
        })),
      })
    : `<p class="note">${escapeHtml('In-process CPU was not measured in this run: no baseline / auth split.')}</p>`
  const simple = (
    id: string,
    title: string,
    axisLabel: string,
    value: (row: CostRow) => number,
    note: (row: CostRow) => string,
  ) =>
    barChart({
      id,
      title,
      axisLabel,
      rows: rows.map((row) => ({
        label: row.variant,
        bars: [{ series: title, value: value(row), colour: colourOf(row.variant) }],
        note: note(row),
      })),
    })
  return (
    `<h2 id="cost">Cost per request</h2>` +
    cpuChart +
    simple(
      'redis-commands',
      `Redis commands per request (${scenario})`,
      'commands per request',
      (row) => row.redisCommands?.median ?? 0,
      (row) => (row.redisCommands ? formatNumber(row.redisCommands.median) : 'no Redis'),
    ) +
    simple(
      'credential-bytes',
      'Credential size on every request',
      'bytes',
      (row) => row.credentialBytes,
      (row) => `${row.credentialBytes} B`,
    ) +
    htmlDetails('Table: every cost per request', htmlTable(costTable(rows, scenario)))
  )
}
