import { bundleForTests } from '../helpers/bundled.js';

/** Bundles the harness, the CLI and the core's threads once per run (tests/helpers/bundled.ts). */
export default bundleForTests;
