import type { Spread } from '../results/results-types.js'

/** The summary's rounding: whole numbers from 100 up, one decimal from 10, two below. */
export const formatNumber = (value: number | undefined | null): string =>
  value === undefined || value === null || !Number.isFinite(value)
    ? '–'
    : Math.abs(value) >= 100
      ? Math.round(value).toLocaleString('en-US')
      : Math.abs(value) >= 10
        ? value.toFixed(1)
        : value.toFixed(2)

/** `0.82 [0.80–0.84]`: a median with its interquartile range, as the summary prints ratios. */
export const formatSpread = (spread: Spread | null | undefined, digits = 2): string =>
  spread ? `${spread.median.toFixed(digits)} [${formatIqr(spread, digits)}]` : '–'

/**
 * `0.78–0.86`: the 95% interval of a median (Spread.ci95), or why there is none: fewer than 6
 * values give no 95% interval, and runs from before intervals carry none.
 */
export const formatInterval = (spread: Spread | null | undefined, digits = 2): string =>
  !spread
    ? '–'
    : spread.ci95
      ? `${spread.ci95[0].toFixed(digits)}–${spread.ci95[1].toFixed(digits)}`
      : spread.ci95 === null
        ? `– (n=${spread.n})`
        : '–'

export const formatIqr = (spread: Spread, digits = 2): string =>
  `${spread.q1.toFixed(digits)}–${spread.q3.toFixed(digits)}`

/** `1,877 [1,632–1,899]`: the same for quantities that are better read rounded. */
export const formatSpreadNumber = (spread: Spread | null | undefined): string =>
  spread ? `${formatNumber(spread.median)} [${formatNumber(spread.q1)}–${formatNumber(spread.q3)}]` : '–'

export const formatSeconds = (ms: number): string => (ms / 1000).toFixed(2)

export const formatSignedPercent = (fraction: number): string =>
  `${fraction >= 0 ? '+' : '−'}${Math.abs(fraction * 100).toFixed(1)}%`

/** Axis ticks are round numbers already: print them without padding zeros (`0`, `0.5`, `2,000`). */
export const formatTick = (value: number): string =>
  Number(value.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 3 })

/** `0.82× [IQR 0.80–0.84]`: a ratio in a sentence. */
export const formatRatio = (spread: Spread): string => `${spread.median.toFixed(2)}× [IQR ${formatIqr(spread)}]`
