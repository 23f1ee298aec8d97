import { formatNumber } from '../render/format.js'
import type { RefusalRow, RefusalSection } from './refusal-section.js'
import { anyoneCanMake } from './refusal-targets.js'

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`

const unique = (items: readonly string[]) => [...new Set(items)]

/** What one kind that reaches Redis costs it at the rate the stage measured. */
function storeCost(row: RefusalRow): string {
  const rate = row.rps?.median ?? 0
  const commands = row.redis_commands_per_req?.median ?? 0
  const redisCpu = row.redis_cpu_us_per_req?.median
  const core = redisCpu ? `, ${((rate * redisCpu) / 1e4).toFixed(0)}% of a Redis core` : ''
  return (
    `${row.variant} ${row.kind}: ${formatNumber(commands)} commands each, ` +
    `${formatNumber(rate * commands)} Redis commands/s at the measured ${formatNumber(rate)} refusals/s${core}`
  )
}

/**
 * The refusal stage's finding: which strategies let a credential they refuse reach the store, what
 * that costs Redis at the rate measured, and who can send it. Garbage that anyone can make
 * (malformed, forged) is the flood to fear; a kind made with the server's secret, or replayed from
 * a credential once issued, takes an account or the secret (refusal-targets.ts, anyoneCanMake).
 */
export function refusalFinding(section: RefusalSection | undefined): string | undefined {
  const refused = (section?.rows ?? []).filter((row) => row.kind !== 'valid' && row.valid_bursts > 0)
  if (refused.length === 0) return undefined
  const reaching = refused.filter((row) => row.reaches_store)
  const clean = unique(refused.map((row) => row.variant)).filter(
    (variant) => !reaching.some((row) => row.variant === variant),
  )
  const inProcess = clean.length ? `${list(clean)} refused every kind without the store.` : ''
  if (reaching.length === 0) return `No refused credential reached Redis: ${inProcess}`
  const garbage = reaching.filter((row) => anyoneCanMake(row.kind))
  const issued = reaching.filter((row) => !anyoneCanMake(row.kind))
  const variants = (rows: readonly RefusalRow[]) => list(unique(rows.map((row) => row.variant)))
  // Where a forgery stops short of the store while a credential made with the secret does not: the
  // filter in front of the lookup works (a session cookie's signature, an API key's tag).
  const filtered = refused.filter(
    (row) =>
      row.kind === 'bad-signature' &&
      row.reaches_store === false &&
      issued.some((other) => other.variant === row.variant && other.kind === 'unknown'),
  )
  return [
    garbage.length
      ? `Garbage reaches Redis in ${variants(garbage)}, sent by anyone with no secret and no account ` +
        `(${garbage.map(storeCost).join('; ')}).`
      : '',
    issued.length
      ? `Refused credentials reach Redis in ${variants(issued)} only when made with the server's secret or ` +
        `replayed from a credential it once issued (${issued.map(storeCost).join('; ')})` +
        (garbage.length ? '.' : `; nothing made without the secret or an account does.`)
      : '',
    filtered.length
      ? `In ${variants(filtered)} a forged credential stops before the store, on a cookie's signature or an ` +
        `API key's HMAC tag (chosen over an in-process negative cache, which a new random key each time ` +
        `would miss: loadtests/refusal/README.md).`
      : '',
    inProcess,
  ]
    .filter(Boolean)
    .join(' ')
}
