import { markdownTable, type Table } from '../render/table-model.js'
import type { StoreLatencySection } from './store-section.js'

/** The latency experiment as a table and a verdict computed from its points (never written in advance). */

const ms = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2))

export function latencyTable(section: StoreLatencySection): Table {
  return {
    header: ['variant', 'RTT ms', 'p50 ms', 'p90 ms', 'p99 ms', 'non-2xx', 'hot-read ratio [q1–q3]'],
    numeric: [1, 2, 3, 4, 5, 6],
    rows: section.points.map((point) => [
      point.variant,
      String(point.rtt_ms),
      ms(point.latency_ms?.p50),
      ms(point.latency_ms?.p90),
      ms(point.latency_ms?.p99),
      String(point.non_2xx),
      point.rps_ratio
        ? `${point.rps_ratio.median.toFixed(2)} [${point.rps_ratio.q1.toFixed(2)}–${point.rps_ratio.q3.toFixed(2)}]`
        : '–',
    ]),
  }
}

/** p50 added per ms of RTT, from the nearest and the farthest store measured; undefined with one RTT. */
export function latencySlopes(section: StoreLatencySection): Map<string, number> {
  const slopes = new Map<string, number>()
  for (const variant of new Set(section.points.map((point) => point.variant))) {
    const mine = section.points.filter((point) => point.variant === variant && point.latency_ms)
    const near = mine.reduce<(typeof mine)[number] | undefined>(
      (a, b) => (a && a.rtt_ms <= b.rtt_ms ? a : b),
      undefined,
    )
    const far = mine.reduce<(typeof mine)[number] | undefined>((a, b) => (a && a.rtt_ms >= b.rtt_ms ? a : b), undefined)
    if (!near?.latency_ms || !far?.latency_ms || far.rtt_ms === near.rtt_ms) continue
    slopes.set(variant, (far.latency_ms.p50 - near.latency_ms.p50) / (far.rtt_ms - near.rtt_ms))
  }
  return slopes
}

const withoutCache = (variant: string) => variant.replace(/(cache-ttl|invalidation)=[^,]+,?/g, '').replace(/[:,]$/, '')

/** What the data says: which reads stayed flat, which paid a round trip, what a cache bought back. */
export function latencyVerdict(section: StoreLatencySection): string {
  const slopes = latencySlopes(section)
  if (slopes.size === 0) return 'One RTT measured: no slope to report.'
  const named = (entries: [string, number][]) =>
    entries.map(([variant, slope]) => `${variant} (${slope.toFixed(2)})`).join(', ')
  const all = [...slopes]
  const flat = all.filter(([, slope]) => slope < 0.25)
  const paying = all.filter(([, slope]) => slope >= 0.75)
  const cached = all.filter(([variant]) => variant.includes('cache-ttl='))
  const boughtBack = cached.filter(([variant, slope]) => {
    const plain = slopes.get(withoutCache(variant))
    return plain !== undefined && slope < plain / 2
  })
  return [
    'p50 added per ms of RTT (nearest to farthest store): ',
    flat.length ? `flat, under 0.25: ${named(flat)}. ` : 'none stayed flat. ',
    paying.length ? `At least one store round trip per read (0.75 or more): ${named(paying)}. ` : '',
    boughtBack.length
      ? `A cache bought latency back: ${named(boughtBack)}, against ${boughtBack
          .map(([variant]) => `${withoutCache(variant)} (${slopes.get(withoutCache(variant))?.toFixed(2)})`)
          .join(', ')} without it, at the price of a revocation window up to its TTL.`
      : cached.length
        ? 'The cached variants measured did not halve their uncached slope.'
        : '',
  ].join('')
}

export function renderLatencyMarkdown(section: StoreLatencySection): string {
  return [
    '## Store latency: Redis moved away',
    '',
    `Method: ${section.method.description}`,
    '',
    markdownTable(latencyTable(section)),
    '',
    latencyVerdict(section),
    '',
  ].join('\n')
}
