import { describe, expect, it } from 'vitest';

/**
 * The main process only relays: bundled as it ships (scripts/build-electron.mjs), it holds nothing of core but the
 * data folder's path and the key store's unwrapping (the OS key store is reachable from the main process only; the
 * key goes to the workers as bytes), and never loads the SQLite driver; the core's workers are bundled beside it.
 */
describe('the main process bundle', () => {
  it('holds no database, dispatcher or sync code; the workers do', async () => {
    const script = new URL('../../../scripts/build-electron.mjs', import.meta.url).href;
    const { mainBuild, workerBuild } = (await import(script)) as { mainBuild: Record<string, unknown>; workerBuild: Record<string, unknown> };
    const { build } = await import('esbuild');
    const main = await build({ ...mainBuild, write: false, sourcemap: false });
    const inputs = Object.keys(main.metafile?.inputs ?? {});
    expect(inputs.filter((file) => file.startsWith('electron/core/')).sort()).toEqual([
      'electron/core/batch/secret-file.ts',
      'electron/core/db/file-state.ts',
      'electron/core/db/key-provider.ts',
      'electron/core/errors.ts',
      'electron/core/paths.ts',
      'electron/core/protection/app-keys.ts',
      'electron/core/protection/database-keys.ts',
      'electron/core/static-files.ts',
      // The helper that starts a thread (the main process starts the core's worker with it).
      'electron/core/threads.ts',
    ]);
    expect(inputs.filter((file) => file.startsWith('electron/handlers/'))).toEqual([]);
    expect(main.outputFiles.map((f) => f.text).join('')).not.toContain('better-sqlite3');
    const workers = await build({ ...workerBuild, write: false, sourcemap: false });
    const workerInputs = Object.keys(workers.metafile?.inputs ?? {});
    expect(workerInputs).toContain('electron/handlers/dispatch.ts');
    expect(workerInputs).toContain('electron/core/sync/services.ts');
    expect(workerInputs).toContain('electron/core/duplicates/check-worker.ts');
  });
});
