import type { AttackEntry } from './attack-entry.js'
import { ALL_ATTACKS } from './catalogue-all.js'
import { APIKEY_ATTACKS } from './catalogue-apikey.js'
import { JWT_ATTACKS, JWT_REENCODED } from './catalogue-jwt.js'
import { JWT_CLAIM_ATTACKS } from './catalogue-jwt-claims.js'
import { LOGIN_ATTACKS } from './catalogue-login.js'
import { PASETO_ATTACKS, PASETO_REENCODED } from './catalogue-paseto.js'
import { SESSION_ATTACKS } from './catalogue-session.js'
import { FLOOD_ATTACKS } from './catalogue-flood.js'
import { METRICS_ATTACKS } from './catalogue-metrics.js'

/** The whole catalogue, in the order the matrix shows it. Adding an attack is adding an entry. */
export const CATALOGUE: readonly AttackEntry[] = [
  ...JWT_ATTACKS,
  ...JWT_CLAIM_ATTACKS,
  ...JWT_REENCODED,
  ...PASETO_ATTACKS,
  ...PASETO_REENCODED,
  ...SESSION_ATTACKS,
  ...APIKEY_ATTACKS,
  ...ALL_ATTACKS,
  ...METRICS_ATTACKS,
  // Before the brute force: both run on the server with the small failed-login limit, and the flood
  // checks that the real user can still log in there.
  ...FLOOD_ATTACKS,
  ...LOGIN_ATTACKS,
]

const duplicate = CATALOGUE.find((entry, index) => CATALOGUE.findIndex((other) => other.id === entry.id) !== index)
if (duplicate) throw new TypeError(`attack id "${duplicate.id}" is used twice`)
