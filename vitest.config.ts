import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['servers/**/*.test.ts', 'loadtests/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start real servers and a real redis-server each: give them room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Tests assert behaviour, never timings; they only need enough time to finish on a slow machine.
  },
})
