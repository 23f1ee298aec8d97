import { describe, expect, it } from 'vitest'
import { loadConfig } from '../core/config.js'
import type { StrategyDeps } from '../core/strategy.js'
import type { UserStore } from '../core/users.js'
import { createJwtStrategy } from '../jwt/jwt-strategy.js'

// Fail-open is an INSECURE opt-in, measured by `authlab store-outage`: closed by default, and only
// where there is a denylist to skip. (What it does under a real outage: loadtests/store/store-outage.test.ts.)
describe('--store-failure', () => {
  const logs: string[] = []
  const deps = (): StrategyDeps => ({
    config: loadConfig({}),
    users: {} as UserStore,
    redis: undefined,
    log: (line) => logs.push(line),
  })

  it('is refused without a denylist, and for any value but closed or open', async () => {
    await expect(createJwtStrategy({ storeFailure: 'open' }, deps())).rejects.toThrow(/--revocation denylist/)
    await expect(createJwtStrategy({ storeFailure: 'open', revocation: 'refresh' }, deps())).rejects.toThrow(
      /--revocation denylist/,
    )
    await expect(createJwtStrategy({ storeFailure: 'maybe', revocation: 'denylist' }, deps())).rejects.toThrow(
      /closed, open/,
    )
  })

  it('says INSECURE in the log when opened, and nothing of the kind by default', async () => {
    logs.length = 0
    await expect(createJwtStrategy({ revocation: 'denylist' }, deps())).rejects.toThrow(/needs Redis/)
    expect(logs.join('\n')).not.toMatch(/INSECURE/)
    await expect(createJwtStrategy({ storeFailure: 'open', revocation: 'denylist' }, deps())).rejects.toThrow(
      /needs Redis/,
    )
    expect(logs.join('\n')).toMatch(/INSECURE: --store-failure open/)
  })
})
