/**
 * The profile section on paper: one table (summary.md, report.md, report.html) and one stacked
 * bar chart (report.md and report.html), both pure functions of results.json's `profile`.
 */
import { escapeHtml } from '../render/escape.js'
import { formatNumber, formatSignedPercent, formatSpreadNumber } from '../render/format.js'
import { barChart } from '../render/svg-bars.js'
import { colourAt } from '../render/svg-frame.js'
import { htmlTable, markdownTable, type Table } from '../render/table-model.js'
import { CATEGORY_LABELS, PROFILE_CATEGORIES, type ProfileCategory } from './profile-categories.js'
import type { ProfileSection, ProfileVariant } from './profile-section.js'

const colourOf = (category: ProfileCategory) => colourAt(PROFILE_CATEGORIES.indexOf(category))
const percent = (share: number) => `${Math.round(share * 100)}%`
const measured = (section: ProfileSection) => section.variants.filter((variant) => variant.shares_of !== 'own_total')
const baselineOf = (section: ProfileSection) => section.variants.find((variant) => variant.cross_check === null)

const overhead = (section: ProfileSection) =>
  section.profiler_overhead
    ? `${formatSignedPercent(section.profiler_overhead.median)} [${formatSignedPercent(section.profiler_overhead.q1)} to ${formatSignedPercent(section.profiler_overhead.q3)}] more than`
    : 'an unknown amount more than'

function checkCell(variant: ProfileVariant): string {
  const check = variant.cross_check
  if (!check) return 'baseline'
  const stage = check.cpu_stage_above_baseline_us
  const reference = stage
    ? `CPU stage ${formatSpreadNumber(stage)}`
    : `profiled ${formatNumber(check.profiled_above_baseline_us)}`
  return `${reference}: ${check.verdict}`
}

/** One row per variant: µs above the baseline per category, and the cross-check. */
export function profileTable(section: ProfileSection): Table {
  const rows = section.variants.map((variant) => {
    const isBaseline = variant.cross_check === null
    return [
      variant.variant,
      isBaseline
        ? `${formatSpreadNumber(variant.cpu_us_per_req)} (own)`
        : formatSpreadNumber(variant.above_baseline_us),
      ...PROFILE_CATEGORIES.map((category) => {
        const cost = variant.categories.find((entry) => entry.category === category)
        if (!cost) return '–'
        const value = isBaseline ? cost.us_per_req : cost.above_baseline_us
        return `${formatNumber(value)} (${percent(cost.share)})`
      }),
      checkCell(variant),
    ]
  })
  return {
    header: [
      'variant',
      'µs/req above baseline [IQR]',
      ...PROFILE_CATEGORIES.map((category) => CATEGORY_LABELS[category]),
      'cross-check',
    ],
    rows,
    numeric: [1, ...PROFILE_CATEGORIES.map((_, index) => index + 2)],
  }
}

/** Where each variant's µs above the baseline go: one stacked bar per variant. */
export function profileChart(section: ProfileSection): string {
  return barChart({
    id: 'profile-categories',
    title: 'Where the CPU above the baseline goes (hot read, in-process, profiled)',
    caption:
      'Each bar: a variant’s CPU µs per request above the baseline’s, split by what the sampled frames belonged to. Categories where the baseline spent more are left out of the bar (see the table).',
    axisLabel: 'CPU µs per request above the baseline',
    legend: PROFILE_CATEGORIES.map((category) => ({ label: CATEGORY_LABELS[category], colour: colourOf(category) })),
    rows: measured(section).map((variant) => ({
      label: variant.variant,
      bars: variant.categories
        .filter((cost) => cost.above_baseline_us > 0)
        .map((cost) => ({
          series: CATEGORY_LABELS[cost.category],
          value: Number(cost.above_baseline_us.toFixed(2)),
          colour: colourOf(cost.category),
        })),
      note: `+${formatNumber(variant.above_baseline_us?.median)} µs${variant.cross_check?.agrees ? ' · checks' : ''}`,
    })),
  })
}

function labFunctionLines(section: ProfileSection): string[] {
  return section.variants.map(
    (variant) =>
      `${variant.variant}: ${variant.lab_functions.map((entry) => `${entry.function} ${formatNumber(entry.us_per_req)} µs`).join(', ') || 'none sampled'}`,
  )
}

function sentences(section: ProfileSection): string[] {
  const baseline = baselineOf(section)
  const checked = measured(section).filter((variant) => variant.cross_check)
  const againstStage = checked.filter((variant) => variant.cross_check?.cpu_stage_above_baseline_us)
  const agreeing = checked.filter((variant) => variant.cross_check?.agrees).length
  return [
    section.method,
    `The profiler's own cost: the baseline's profiled slices took ${overhead(section)} the CPU per request of its unprofiled ones in the same round.`,
    againstStage.length > 0
      ? `Cross-check: for ${agreeing} of ${checked.length} variants the cost above the baseline agrees with the lab's in-process CPU stage, measured separately earlier in this run: their intervals meet (each a 95% interval of the median, or its interquartile range below 6 rounds).`
      : `Cross-check: no in-process CPU stage ran alongside (it does in npm run lab), so each variant's profiled total is checked against its unprofiled one instead; they agree for ${agreeing} of ${checked.length} variants, and cannot agree where the profiler's overhead exceeds the rounds' spread.`,
    ...(baseline
      ? [`The baseline (${baseline.variant}) itself: ${formatSpreadNumber(baseline.cpu_us_per_req)} µs per request.`]
      : []),
    ...(section.main_thread_cpu
      ? []
      : [
          'The main thread’s own CPU time could not be read (no /proc): "other threads" is 0 and every thread’s time is split by the main thread’s samples.',
        ]),
  ]
}

export function renderProfileMarkdown(section: ProfileSection, withChart = false): string {
  return [
    '## Where the CPU goes (profile)',
    '',
    ...(withChart ? [profileChart(section), ''] : []),
    markdownTable(profileTable(section)),
    '',
    ...sentences(section).flatMap((sentence) => [sentence, '']),
    'Our own functions with the most time on the stack (inclusive, µs/request, baseline not subtracted):',
    '',
    ...labFunctionLines(section).map((line) => `- ${line}`),
    '',
    `Raw profiles (Chrome DevTools → Performance → Load profile, or speedscope.app): ${section.variants.map((variant) => `\`${variant.profile_file}\``).join(', ')}.`,
    '',
  ].join('\n')
}

export function renderProfileHtml(section: ProfileSection): string {
  const list = (items: readonly string[]) => `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
  return (
    `<h2 id="profile">Where the CPU goes (profile)</h2>` +
    profileChart(section) +
    htmlTable(profileTable(section)) +
    sentences(section)
      .map((sentence) => `<p>${escapeHtml(sentence)}</p>`)
      .join('') +
    `<p>Our own functions with the most time on the stack (inclusive, µs/request, baseline not subtracted):</p>` +
    list(labFunctionLines(section)) +
    `<p>Raw profiles next to results.json (open in Chrome DevTools or speedscope): ${section.variants
      .map((variant) => `<a href="${escapeHtml(variant.profile_file)}">${escapeHtml(variant.profile_file)}</a>`)
      .join(', ')}.</p>`
  )
}
