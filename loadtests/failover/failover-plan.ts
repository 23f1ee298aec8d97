import { authenticates, strategyEntry, strategyNames } from '../../servers/registry.js'
import { FAILOVER } from '../defaults.js'
import { storeVariants } from '../store/store-servers.js'
import type { FailoverStageConfig } from './failover-section.js'

/**
 * The failover variants, from the registry: each strategy's revocation variants whose every read
 * asks the store (a denylist, a session, an API key): there a revocation the failover lost is a
 * credential accepted again. A token nobody can revoke has nothing to lose. Compact: the first of
 * them (jwt's denylist).
 */
export function failoverStageConfig(size: 'full' | 'compact', strategies?: readonly string[]): FailoverStageConfig {
  const stateful = storeVariants(strategies ?? strategyNames().filter(authenticates), false).filter((variant) =>
    strategyEntry(variant.strategy).checksStoreOnRead(variant.options),
  )
  return { variants: size === 'full' ? stateful : stateful.slice(0, 1), options: FAILOVER[size] }
}
