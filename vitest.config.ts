import { defineConfig } from 'vitest/config';

// Four projects, run as separate stages by scripts/test:
//   unit         — pure modules, `*.unit.test.ts` beside the code (no Redis, no network)
//   integration  — real Redis + the sandbox emulators over HTTP
//   model        — the model-based test: random sequences on the real stack, checked against a model
//   e2e          — the demo wiring, through public HTTP interfaces only
// Integration and e2e use a global setup that provides REDIS_URL (a private redis-server when unset).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['companion/**/*.unit.test.ts', 'scripts/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['companion/**/*.integration.test.ts', 'scripts/**/*.integration.test.ts'],
          environment: 'node',
          globalSetup: ['companion/test/support/global-redis.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'model',
          include: ['companion/test/model/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['companion/test/support/global-redis.ts'],
          testTimeout: 600_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['companion/test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['companion/test/support/global-redis.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
