import { defineConfig } from 'vitest/config';

/**
 * Tests run in shuffled order, files and the tests in each file, with a new seed each run; the seed
 * is printed, and `VITEST_SEED=<seed> npm test` replays that order.
 */
const seed = Number(process.env.VITEST_SEED) || Math.floor(Math.random() * 1_000_000_000);
if (!process.env.VITEST_WORKER_ID)
  console.log(`[kejin] test order seed ${seed} (replay: VITEST_SEED=${seed} npm test)`);

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // the cluster topology's tests run on their own (vitest.cluster.config.ts, `npm run test:cluster`)
    exclude: ['tests/cluster/**', 'node_modules/**'],
    globalSetup: ['tests/support/globalSetup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    sequence: { shuffle: { files: true, tests: true }, seed },
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
