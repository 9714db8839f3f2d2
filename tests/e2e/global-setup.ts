import { build, type BuildOptions } from 'esbuild';

/** Where the bundles go (gitignored with build/); fixtures.ts starts them from here. */
export const BUNDLE_DIR = 'build/test';

/**
 * Bundles the harness, the CLI and the core's threads once per run, so that each test starts them with plain Node
 * (about half a second) rather than under tsx (about two). The settings are the app's own main-process build; the
 * threads sit beside the entries, where spawnWorker looks for them, and build/test is as deep as electron/cli/, so
 * the CLI finds build/app at '../..' as it does from the source.
 */
export default async function globalSetup(): Promise<void> {
  const script = new URL('../../scripts/build-electron.mjs', import.meta.url).href;
  const { mainBuild, workerBuild } = (await import(script)) as { mainBuild: BuildOptions; workerBuild: BuildOptions };
  await build({
    ...mainBuild,
    entryPoints: { ...(workerBuild.entryPoints as Record<string, string>), harness: 'electron/web/main.ts', cli: 'electron/cli.ts' },
    outfile: undefined,
    outdir: BUNDLE_DIR,
    // The Node that runs the tests, not Electron's.
    target: `node${process.versions.node}`,
    metafile: false,
  });
}
