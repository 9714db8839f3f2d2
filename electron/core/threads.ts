import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one of the core's threads beside the file that asks (`from`, its import.meta.url): the bundled `.js` in the
 * app (every thread's entry is built into build/electron/, beside the bundle that starts it), the `.ts` source under
 * tsx and Vitest (the harness, the tests, the CLI), where a worker does not inherit the TypeScript loader and
 * registers it first.
 */
export function spawnWorker(name: 'core-worker' | 'job-worker' | 'check-worker', from: string, options: WorkerOptions): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), options);
  const source = new URL(`./${name}.ts`, from).href;
  const tsx = pathToFileURL(
    createRequire(fileURLToPath(from))
      .resolve('tsx/esm/api')
      .replace(/index\.cjs$/, 'index.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
