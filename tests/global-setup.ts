import { bundleForTests } from './helpers/bundled.js';

/** Vitest's and Playwright's: bundles the harness, the CLI and the core's threads once per run (tests/helpers/bundled.ts). */
export default bundleForTests;
