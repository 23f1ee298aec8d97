import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['servers/**/*.test.ts', 'loadtests/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start real servers and a real redis-server each: give them room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time (vitest's default on 2 cores is one): most integration tests wait on
    // servers, Redis and password hashes, so the suite took 9-10 minutes one file at a time.
    maxWorkers: 2,
    // Tests assert behaviour, never timings; they only need enough time to finish on a slow machine.
  },
})
