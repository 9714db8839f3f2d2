// Runs a TypeScript script bundled for Node, as the app runs its code (`node scripts/run-bundled.mjs scripts/x.ts args…`):
// a benchmark then measures what ships, not tsx compiling each thread's TypeScript as it starts (most of a second a
// thread, and memory the app never spends). The bundle and the core's threads go to build/run/, beside each other.
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { buildForNode } from './build-electron.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-bundled.mjs <script.ts> [arguments]');
  process.exit(2);
}
const name = basename(entry).replace(/\.[cm]?ts$/, '');
await buildForNode('build/run', { [name]: entry });
const run = spawnSync(process.execPath, ['--enable-source-maps', join('build/run', `${name}.js`), ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
