import { bundleForTests } from './helpers/bundled.js';

/** Bundles the CLI and the core's threads once per run, for the tests that spawn it (tests/helpers/bundled.ts). */
export default bundleForTests;
