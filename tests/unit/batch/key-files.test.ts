import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureHubKeys, hubKeyPath, loadHubKeys, stationKeyFilePublicKey, stationKeyPath } from '../../../electron/core/batch/keys.js';
import { ensureHubSigningKeys, hubSigningKeyPath, loadHubSigningKeys } from '../../../electron/core/hub/keys.js';
import { CoreError } from '../../../electron/core/errors.js';

/** The key files, read back with their schemas: a file of the wrong shape is "damaged", and says which field. */

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'intake-keyfiles-'));
  folders.push(dir);
  mkdirSync(join(dir, 'keys'), { recursive: true });
  return dir;
}

function refusal(action: () => unknown): CoreError {
  try {
    action();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('the key file was accepted');
}

describe('key files', () => {
  it('reads back what it wrote', () => {
    const dir = dataDir();
    const { pair } = ensureHubKeys(dir);
    expect(loadHubKeys(dir)).toEqual(pair);
    const signing = ensureHubSigningKeys(dir).pair;
    expect(loadHubSigningKeys(dir)).toEqual(signing);
  });

  it.each([
    ['a wrong type', (f: Record<string, unknown>) => ({ ...f, privateKey: 42 }), /privateKey/],
    ['a missing field', (f: Record<string, unknown>) => ({ kind: f.kind, privateKey: f.privateKey }), /publicKey/],
    ['another kind', (f: Record<string, unknown>) => ({ ...f, kind: 'station-ed25519' }), /kind is station-ed25519, not hub-x25519/],
    ['a list', (f: Record<string, unknown>) => [f], /expected object/],
  ])("refuses the hub's key file with %s as damaged, naming the field", (_what, change, problem) => {
    const dir = dataDir();
    ensureHubKeys(dir);
    const file = JSON.parse(readFileSync(hubKeyPath(dir), 'utf8')) as Record<string, unknown>;
    writeFileSync(hubKeyPath(dir), JSON.stringify(change(file)));
    const error = refusal(() => loadHubKeys(dir));
    expect(error.code).toBe('not_configured');
    expect(error.message).toMatch(/is damaged/);
    expect(error.issues?.[0]).toMatchObject({ code: 'batch.stationKey.damaged', message: expect.stringMatching(problem) as unknown });
  });

  it('refuses a station key file that is not JSON, and a receipt key file of the wrong shape', () => {
    const dir = dataDir();
    writeFileSync(stationKeyPath(dir), '{"kind":');
    expect(refusal(() => stationKeyFilePublicKey(dir)).message).toMatch(/cannot be read/);
    ensureHubSigningKeys(dir);
    const file = JSON.parse(readFileSync(hubSigningKeyPath(dir), 'utf8')) as Record<string, unknown>;
    writeFileSync(hubSigningKeyPath(dir), JSON.stringify({ ...file, publicKey: ['x'] }));
    expect(refusal(() => loadHubSigningKeys(dir)).message).toMatch(/receipt key file .* is damaged/);
    writeFileSync(hubSigningKeyPath(dir), JSON.stringify({ ...file, kind: 'hub-x25519' }));
    expect(refusal(() => loadHubSigningKeys(dir)).message).toMatch(/is damaged/);
  });
});
