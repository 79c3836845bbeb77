import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite takes a few seconds to open; browser tests start Chromium.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The machine has 2 cores; more workers only thrash.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
