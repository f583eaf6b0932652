import { defineConfig } from 'vitest/config';

// One config for the whole workspace. Tests import sibling packages through their built `dist`
// (npm test builds first), so what is tested is what ships.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/web/src/**/*.test.tsx', 'e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // Servers started by tests must not begin a background stratification run of their own; the
    // job has its own test (server/src/jobs/stratify.int.test.ts) that turns it on explicitly.
    env: { CAREWEAVE_STRATIFY_JOB: 'off' },
  },
});
