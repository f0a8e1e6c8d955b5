import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The cluster topology's tests (`npm run test:cluster`, run by `.ci/run` after `npm test`): the real
 * Temporal server on PostgreSQL, built once from its Go module, two APIs and two workers.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['tests/cluster/**/*.test.ts'],
    exclude: ['node_modules/**'],
    // the cluster test starts every part itself
    globalSetup: [],
    outputFile: { json: '.test-results/vitest-cluster.json' },
  },
});
