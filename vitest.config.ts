import { defineConfig } from 'vitest/config';

// Projects: pure logic (no I/O), API tests against a real PostgreSQL and SMTP server, browser
// journeys in Debian's Chromium, and the few files that measure time or load the whole machine.
// Each I/O project starts what it needs itself; every file has its own database (tests/support/db.ts)
// and its own app, so files run side by side: two at a time by default (TEST_WORKERS changes it),
// where vitest alone would run one at a time on a 2-core machine. Most of a file's time is spent
// waiting on PostgreSQL, SMTP, HTTP or Chromium, which a second worker overlaps.
const workers = Number(process.env.TEST_WORKERS) || 2;

// Run alone, after everything else: timing statistics (R3), SIGTERM's 10-second exit window (R16)
// and the quick benchmark, which spawns servers, builds and Lighthouse of its own.
const ALONE = [
  'tests/api/enumeration-timing.test.ts',
  'tests/api/shutdown-under-load.test.ts',
  'tests/api/bench-smoke.test.ts',
];

export default defineConfig({
  test: {
    maxWorkers: workers,
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
          exclude: ['api/src/**/*.unit.test.ts', ...ALONE],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts', 'tests/support/browser-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // expect.poll waits up to 15 s for what it checks (vitest's 1 s default is a one-shot
          // check on a busy machine: a count read before the page caught up failed a run).
          expect: { poll: { timeout: 15_000 } },
          // Same worker count as the other projects of the group: vitest runs a project whose count
          // differs after the others instead of beside them (measured: the browser files then ran
          // one by one after everything else).
        },
      },
      {
        test: {
          name: 'alone',
          include: ALONE,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
