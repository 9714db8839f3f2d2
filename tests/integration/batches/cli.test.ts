import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../helpers/bundled.js';

/** The CLI as a hub's operator and a script run it: separate processes, real folders, exit codes and streams. */
const root = mkdtempSync(join(tmpdir(), 'intake-batch-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...bundled('cli'), ...args], { encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

const hub = join(root, 'hub');
const station = join(root, 'station');
const keyFile = join(root, 'hub.pub');
const batchFile = join(root, 'desk1.ibatch');

describe('CLI round trip: hub-key → export → verify → import → stats and search at the hub', () => {
  it('hub-key prints the key alone on stdout (the file --hub-key takes) and its fingerprint on stderr, once', () => {
    expect(cli('init', '--data', hub, '--role', 'hub', '--centre', 'HUB1').code).toBe(0);
    const first = cli('hub-key', '--data', hub);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(first.stderr).toMatch(/fingerprint: [0-9a-f]{4}( [0-9a-f]{4}){7}/);
    writeFileSync(keyFile, first.stdout);
    expect(cli('hub-key', '--data', hub).stdout).toBe(first.stdout);
  });

  it('a station exports its registrations sealed to that hub; verify reads the manifest without the hub key', () => {
    expect(cli('init', '--data', station, '--centre', 'GRS1', '--station', 'Desk 1').code).toBe(0);
    expect(cli('seed', '--data', station, '--households', '30', '--seed', '7').code).toBe(0);
    const exported = cli('export', '--data', station, '--hub-key', keyFile, '--out', batchFile);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/written to .*desk1\.ibatch: changes 1-30, 30 households/);
    expect(exported.stderr).toMatch(/Installed the hub key/);

    const verified = cli('verify', batchFile, '--json');
    expect(verified.code).toBe(0);
    const summary = JSON.parse(verified.stdout) as { valid: boolean; manifest: { sequenceFrom: number; sequenceTo: number; counts: { households: number } } };
    expect(summary).toMatchObject({ valid: true, manifest: { sequenceFrom: 1, sequenceTo: 30, counts: { households: 30 } } });

    const tampered = join(root, 'tampered.ibatch');
    const bytes = readFileSync(batchFile);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0x40, bytes.length - 10);
    writeFileSync(tampered, bytes);
    const refused = cli('verify', tampered);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/has been changed since the station sealed it/);
    // A tampered file is refused at import too, and changes nothing.
    expect(cli('import', '--data', hub, tampered).code).toBe(1);
  });

  it('import gives no first-use trust: an unknown station is refused unread until `enrol --station-key` (from `station-key`)', () => {
    const before = JSON.parse(cli('stats', '--data', hub, '--json').stdout) as { households: number };
    const unknown = cli('import', '--data', hub, batchFile);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/not enrolled the station.*enrol this desk/);
    expect((JSON.parse(cli('stats', '--data', hub, '--json').stdout) as { households: number }).households).toBe(before.households);

    const key = cli('station-key', '--data', station);
    expect(key.code, key.stderr).toBe(0);
    expect(key.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    const fingerprint = /fingerprint: ([0-9a-f]{4}( [0-9a-f]{4}){7})/.exec(key.stderr)?.[1];
    expect(fingerprint).toBeDefined();
    const stationKeyFile = join(root, 'desk1.key');
    writeFileSync(stationKeyFile, key.stdout);
    expect(cli('station-key', '--data', hub).code).toBe(1);
    const enrolled = cli('enrol', '--data', hub, '--station-key', stationKeyFile);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toContain(`Enrolled the station key ${fingerprint}`);
    expect(cli('enrol', '--data', hub, '--station-key', stationKeyFile).stdout).toMatch(/already enrolled/);
  });

  it('the hub imports it from the enrolled station, then counts and finds the families', () => {
    const imported = cli('import', '--data', hub, batchFile);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/First batch from the enrolled station Desk 1 \([A-Z0-9]{8}\) of centre GRS1, key fingerprint/);
    expect(imported.stdout).toMatch(/30 versions applied/);
    expect(cli('import', '--data', hub, batchFile).stdout).toMatch(/already imported.*nothing changed/);

    const atStation = JSON.parse(cli('stats', '--data', station, '--json').stdout) as { households: number; persons: number };
    const atHub = JSON.parse(cli('stats', '--data', hub, '--json').stdout) as { households: number; persons: number };
    expect(atHub.households).toBe(30);
    expect(atHub.persons).toBe(atStation.persons);

    const name = (JSON.parse(cli('search', '--data', station, '--json', 'a').stdout) as { name: string }[])[0]?.name ?? 'none';
    const found = JSON.parse(cli('search', '--data', hub, '--json', name).stdout) as { name: string }[];
    expect(found.map((h) => h.name)).toContain(name);
  });

  it('a station without a hub key refuses to export, with one clear line', () => {
    const bare = join(root, 'bare');
    cli('init', '--data', bare);
    cli('seed', '--data', bare, '--households', '1');
    const refused = cli('export', '--data', bare, '--out', join(root, 'bare.ibatch'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^export: No hub key is installed on this station/);
  });
});
