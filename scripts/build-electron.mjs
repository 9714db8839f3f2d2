// Bundles the Electron main process, the core's workers and the preload into build/electron/ (run after `vite build`, which fills
// build/app). The preload runs sandboxed, where only `electron` can be required, so everything else is inlined.
// The options are exported so the preload's test bundles exactly what ships.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = { absWorkingDir: root, bundle: true, sourcemap: true, legalComments: 'none', logLevel: 'warning', metafile: true };

export const mainBuild = {
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'build/electron/main.js',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Native or browser-driving packages stay in node_modules; better-sqlite3 is rebuilt for Electron.
  external: ['electron', 'better-sqlite3-multiple-ciphers', 'playwright-core'],
  // CommonJS dependencies inlined into an ES module still call require() for Node built-ins.
  banner: { js: "import { createRequire as __intakeCreateRequire } from 'node:module';\nconst require = __intakeCreateRequire(import.meta.url);" },
};

// The core's threads, beside main.js: main.js starts core-worker.js, which starts job-worker.js, whose hub imports
// start check-worker.js (the duplicate check across centres spread over threads).
export const workerBuild = {
  ...mainBuild,
  entryPoints: {
    'core-worker': 'electron/worker/core-worker.ts',
    'job-worker': 'electron/worker/job-worker.ts',
    'check-worker': 'electron/core/duplicates/check-worker.ts',
  },
  outfile: undefined,
  outdir: 'build/electron',
};

/**
 * Entries (`{ name: 'path.ts' }`) bundled for the Node that runs this, not Electron's, into `outdir` with the core's
 * threads beside them, where spawnWorker looks: what the end-to-end tests start (the harness, the CLI) and what the
 * benchmarks run, as the app runs it (no TypeScript compiled at start-up, in the process or in any thread).
 */
export function buildForNode(outdir, entries) {
  return build({
    ...mainBuild,
    entryPoints: { ...workerBuild.entryPoints, ...entries },
    outfile: undefined,
    outdir,
    target: `node${process.versions.node}`,
    metafile: false,
    // Stack traces still name the .ts files and lines; without the sources copied in, each process that loads a
    // bundle with --enable-source-maps reads maps a third the size (the tests start a few hundred).
    sourcesContent: false,
  });
}

export const preloadBuild = {
  ...common,
  entryPoints: ['electron/preload/preload.cts'],
  outfile: 'build/electron/preload.cjs',
  // 'browser', not 'node': a Node built-in in the preload must fail here, not in the sandboxed renderer.
  platform: 'browser',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const options of [mainBuild, workerBuild, preloadBuild]) {
    const result = await build(options);
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + (output.entryPoint ? output.bytes : 0), 0);
    console.log(`${options.outfile ?? options.outdir}  ${(bytes / 1024).toFixed(1)} KiB`);
  }
}
