import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where the tests' bundles go (gitignored with build/). Vitest's and Playwright's global setups build them once a run,
 * so that each spawned CLI or harness starts with plain Node (about half a second) rather than under tsx (about two),
 * with the app's own main-process settings. The core's threads sit beside them, where spawnWorker looks, and build/test
 * is as deep as electron/cli/, so the CLI finds build/app at '../..' as it does from the source.
 */
export const BUNDLE_DIR = join(ROOT, 'build/test');

type Entry = 'harness' | 'cli' | 'fixed-clock';

export async function bundleForTests(): Promise<void> {
  const script = pathToFileURL(join(ROOT, 'scripts/build-electron.mjs')).href;
  const { buildForNode } = (await import(script)) as { buildForNode: (outdir: string, entries: Record<Entry, string>) => Promise<unknown> };
  await buildForNode(BUNDLE_DIR, { harness: 'electron/web/main.ts', cli: 'electron/cli.ts', 'fixed-clock': 'tests/helpers/fixed-clock.ts' });
}

/** Node's arguments that run a bundled entry; the source maps keep stack traces on the .ts files. */
export const bundled = (entry: Exclude<Entry, 'fixed-clock'>): string[] => ['--enable-source-maps', join(BUNDLE_DIR, `${entry}.js`)];

/** Node's arguments that preload the fixed clock (fixed-clock.ts) into a spawned CLI: before `bundled('cli')`. */
export const FIXED_CLOCK = ['--import', pathToFileURL(join(BUNDLE_DIR, 'fixed-clock.js')).href];
