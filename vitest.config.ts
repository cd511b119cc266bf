import { defineConfig } from 'vitest/config';

// Three projects: pure logic (no I/O), API tests against a real PostgreSQL and SMTP server,
// and browser journeys in Debian's Chromium. Each I/O project starts what it needs itself.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}', 'api/src/**/*.unit.test.ts'],
          // Property tests take seconds when the machine is busy; 5 s made them flaky, not stricter.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['api/src/**/*.test.ts', 'tests/api/**/*.test.ts'],
          exclude: ['api/src/**/*.unit.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts', 'tests/support/browser-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
