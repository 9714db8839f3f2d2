import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Node 20 could deadlock exporting a key its generation job still owned, when a garbage collection freed the job
 * meanwhile (raw-keys.ts, `freshRaw`): a test run once hung for minutes in a futex wait while opening a station. A
 * child with a one-megabyte young generation collects during almost every allocation; before the fix it hung within
 * the first few thousand keys, every time.
 */
const fixture = fileURLToPath(new URL('../../fixtures/keys-under-gc.ts', import.meta.url));

it('makes twenty thousand key pairs and batch keys while the collector runs all the time, and never hangs', () => {
  const child = spawnSync(process.execPath, ['--max-semi-space-size=1', '--import', 'tsx', fixture, '20000'], { encoding: 'utf8', timeout: 90_000 });
  expect(child.signal, 'the child was stopped: it hung').toBeNull();
  expect(child.stderr).toBe('');
  expect(child.stdout.trim()).toBe('done true');
  expect(child.status).toBe(0);
}, 120_000);
