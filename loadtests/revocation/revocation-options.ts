import { parseDuration } from '../runner/option-values.js'
import type { StageOption } from '../runner/stage.js'

/** `--token-ttl S`: how long the stage's credentials live, in `authlab run` and in `authlab revoke`. */
export const TOKEN_TTL: StageOption<number> = {
  flag: 'token-ttl',
  value: 'S',
  parse: (raw) => parseDuration('--token-ttl', raw, 's', { min: 1 }),
}
