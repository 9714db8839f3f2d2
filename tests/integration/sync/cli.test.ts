import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../helpers/bundled.js';

/** serve-hub and sync as an operator runs them: separate processes on 127.0.0.1, exit codes and streams. */
const root = mkdtempSync(join(tmpdir(), 'intake-sync-cli-'));
let server: ChildProcess | undefined;
afterAll(async () => {
  await stopHub();
  rmSync(root, { recursive: true, force: true });
});

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...bundled('cli'), ...args], { encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

function startHub(...extra: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...bundled('cli'), 'serve-hub', '--data', hub, '--port', '0', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /Hub serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`serve-hub exited with ${code}: ${out}`)));
  });
}

async function stopHub(): Promise<number | null> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

const hub = join(root, 'hub');
const station = join(root, 'station');
const keyFile = join(root, 'hub.pub');

describe('CLI: serve-hub and sync', () => {
  it('serve-hub refuses a station folder, and runs on 127.0.0.1 until SIGTERM', async () => {
    expect(cli('init', '--data', station, '--centre', 'GRS1', '--station', 'Desk 1').code).toBe(0);
    const refused = cli('serve-hub', '--data', station, '--port', '0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^serve-hub: This data folder is a station, not a hub/);

    expect(cli('init', '--data', hub, '--role', 'hub', '--centre', 'HUB1').code).toBe(0);
    writeFileSync(keyFile, cli('hub-key', '--data', hub).stdout);
    const url = await startHub('--open-enrolment');
    const identity = (await (await fetch(`${url}/hub`)).json()) as { enrolmentOpen: boolean; hubKey: string };
    expect(identity.enrolmentOpen).toBe(true);
    expect(`${identity.hubKey}\n`).toBe(readFileSync(keyFile, 'utf8'));
    expect(await stopHub()).toBe(0);
  });

  it('sync installs the hub key on first use, sends the waiting families and says what the hub acknowledged', async () => {
    const url = await startHub('--open-enrolment');
    expect(cli('seed', '--data', station, '--households', '12', '--seed', '3').code).toBe(0);
    const sent = cli('sync', '--data', station, '--hub', url, '--hub-key', keyFile);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toMatch(/Installed the hub key/);
    expect(sent.stderr).toMatch(/receipt key [0-9a-f ]+ is now trusted/);
    expect(sent.stdout).toMatch(/Cut batch \S+: changes 1-12, 12 households/);
    expect(sent.stdout).toMatch(/Sent batch \S+ \(changes 1-12, 12 households, \d+ persons\): acknowledged by the hub, received \S+; receipt verified\./);
    expect(sent.stdout).toMatch(/Nothing is waiting\./);
    expect(JSON.parse(cli('stats', '--data', hub, '--json').stdout)).toMatchObject({ households: 12 });

    const again = cli('sync', '--data', station, '--hub', url, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ reachable: true, acknowledged: [], waiting: 0, error: null });
  });

  it('sync exits non-zero with one line when the hub cannot be reached, and everything stays waiting', async () => {
    expect(await stopHub()).toBe(0);
    expect(cli('seed', '--data', station, '--households', '2', '--seed', '4').code).toBe(0);
    const down = cli('sync', '--data', station, '--hub', 'http://127.0.0.1:9');
    expect(down.code).toBe(1);
    expect(down.stdout).toBe('');
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/^sync: The hub at http:\/\/127\.0\.0\.1:9 could not be reached: nothing answers at that address.*stay waiting\./);
    const url = await startHub();
    const later = cli('sync', '--data', station, '--hub', url);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toMatch(/changes 13-14, 2 households/);
    expect(JSON.parse(cli('stats', '--data', hub, '--json').stdout)).toMatchObject({ households: 14 });
  });

  it('sync exits non-zero while a batch is refused, says which and why, and --retry-refused sends it again', async () => {
    // With enrolment closed, a new desk's batch is refused.
    await stopHub();
    const url = await startHub();
    const desk = join(root, 'desk-new');
    expect(cli('init', '--data', desk, '--centre', 'GRS1', '--station', 'Desk 9').code).toBe(0);
    expect(cli('seed', '--data', desk, '--households', '3', '--seed', '9').code).toBe(0);
    const first = cli('sync', '--data', desk, '--hub', url, '--hub-key', keyFile);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/Refused by the hub: batch (\S+): /);
    const batchId = /Refused by the hub: batch (\S+):/.exec(first.stdout)![1]!;

    // Later runs have nothing to send, but the refused batch is not done: they say so and fail.
    const later = cli('sync', '--data', desk, '--hub', url);
    expect(later.code).toBe(1);
    expect(later.stdout).not.toMatch(/^Nothing is waiting\.$/m);
    expect(later.stdout).toContain(`Still refused by the hub: batch ${batchId} (changes 1-3, 3 households): `);
    expect(later.stderr).toMatch(/^sync: 1 batch refused by the hub and 0 waiting: nothing of it is at the hub\. .*--retry-refused/);
    expect(JSON.parse(cli('stats', '--data', hub, '--json').stdout)).toMatchObject({ households: 14 });

    await stopHub();
    const open = await startHub('--open-enrolment');
    const retried = cli('sync', '--data', desk, '--hub', open, '--retry-refused');
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr).toMatch(/1 refused batch goes to the hub again\./);
    expect(retried.stdout).toMatch(new RegExp(`Sent batch ${batchId} \\(changes 1-3, 3 households`));
    expect(retried.stdout).toMatch(/Nothing is waiting\./);
    expect(JSON.parse(cli('stats', '--data', hub, '--json').stdout)).toMatchObject({ households: 17 });
  }, 120_000);
});
