import { defineConfig } from 'vitest/config';
import SlowestFirst from './tests/slowest-first.js';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // The CLI the tests spawn, bundled once (tests/helpers/bundled.ts).
    globalSetup: ['tests/global-setup.ts'],
    environment: 'node',
    // Forks, not threads: the native SQLite driver and the tests' spawned CLIs behave as in the app (threads failed two
    // files and were no faster).
    pool: 'forks',
    // Vitest keeps a core free by default: on CI's two cores that is one file at a time, while many files spend
    // their time waiting on a spawned CLI, a worker thread or the disk. Two at once took the run from 7.3 to 6 minutes.
    maxWorkers: 2,
    // Each file in a fork of its own imported the app's modules again (a minute of CI's four and a half, in all); the
    // files share a fork's modules instead. They keep no state in modules that another file could see: every file
    // opens its own folders and handles, and those that mock `electron` all mock it the same way.
    isolate: false,
    sequence: { sequencer: SlowestFirst },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
