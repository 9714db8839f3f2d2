import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRenderer } from '../../helpers/built-renderer.js';

/**
 * @doyensec/electronegativity over the shell's sources (electron/) and the built renderer, scanned together so its
 * global checks see the CSP of the page and the navigation and permission handlers of main. Every finding is either
 * fixed or listed, with a reason, in docs/electronegativity-justifications.json; an entry that no longer matches a
 * finding fails too, so the file stays true.
 */

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
}
interface Justification {
  check: string;
  file: string;
  reason: string;
}

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity') as (
  options: Record<string, unknown>,
) => Promise<{ issues: Finding[]; errors: { file: string; message: string }[]; atomicChecks: number }>;
const electronVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['electron'];
const justified = (JSON.parse(readFileSync('docs/electronegativity-justifications.json', 'utf8')) as { findings: Justification[] }).findings;

let scanned: string;
let result: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  scanned = mkdtempSync(join(tmpdir(), 'intake-electronegativity-'));
  cpSync('electron', join(scanned, 'electron'), { recursive: true });
  cpSync(await builtRenderer(), join(scanned, 'renderer'), { recursive: true });
  result = await run({
    input: scanned,
    isRelative: true,
    electronVersionOverride: electronVersion,
    // That check downloads Electron's release list; keeping Electron up to date is the packaging step's business.
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
  });
}, 60_000);
afterAll(() => rmSync(scanned, { recursive: true, force: true }));

const key = (check: string, file: string) => `${check} ${file}`;

describe('electronegativity', () => {
  it('ran its checks over every file without a parse error', () => {
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.errors).toEqual([]);
  });

  it('finds nothing that is neither fixed nor justified', () => {
    const reasons = new Set(justified.map((j) => key(j.check, j.file)));
    const open = result.issues
      .filter((i) => !reasons.has(key(i.id, i.file)))
      .map((i) => `${i.id} ${i.file}:${i.location.line}:${i.location.column} ${i.description}`);
    expect(open, 'fix these, or justify them in docs/electronegativity-justifications.json').toEqual([]);
  });

  it('keeps no justification for a finding that is gone, and gives each a real reason', () => {
    const found = new Set(result.issues.map((i) => key(i.id, i.file)));
    expect(justified.filter((j) => !found.has(key(j.check, j.file))).map((j) => key(j.check, j.file))).toEqual([]);
    for (const j of justified) expect(j.reason.length, key(j.check, j.file)).toBeGreaterThan(60);
  });

  it('sees the CSP, the navigation limits and the permission handler (their global checks raise nothing)', () => {
    const ids = result.issues.map((i) => i.id);
    expect(ids).not.toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(ids).not.toContain('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK');
    expect(result.issues.filter((i) => i.id === 'CSP_GLOBAL_CHECK' && i.file === 'N/A')).toEqual([]);
  });
});
