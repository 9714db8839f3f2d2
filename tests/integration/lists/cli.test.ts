import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../helpers/bundled.js';

/** import-list and duplicates --json as a script runs them: separate processes, real files, exit codes and streams. */
const root = mkdtempSync(join(tmpdir(), 'intake-lists-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...bundled('cli'), ...args], { encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

const data = join(root, 'station');
const HEADER = 'household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone';

describe('import-list and duplicates --json', () => {
  it('refuses a list with a malformed row: the report names the line, one line on stderr, nothing imported', () => {
    expect(cli('init', '--data', data).code).toBe(0);
    const bad = join(root, 'bad.csv');
    writeFileSync(bad, [HEADER, 'H1,A-1,Aram,Sargsyan,,M,1980-05-12,false,head,', 'H1,A-2,Ani,Sargsyan,,W,1983-02-03,false,spouse,'].join('\n'));
    const run = cli('import-list', '--data', data, bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('line 3 (ref A-2): refused, sex: The sex is "W"; write F or M.\n');
    expect(run.stderr).toBe('import-list: 1 of 2 rows refused (see the report above); nothing was imported.\n');
    expect(JSON.parse(cli('stats', '--data', data, '--json').stdout)).toMatchObject({ households: 0, persons: 0 });
  });

  it('imports two lists; duplicates --json prints each pair with both refs and ids, a score and the reasons', () => {
    const first = join(root, 'authorities.csv');
    writeFileSync(
      first,
      [HEADER, 'H1,A-1,Hasmik,Sargsyan,,F,1978-06-21,false,head,+374 91 123456', 'H1,A-2,Ashot,Sargsyan,,M,1975-02-10,false,spouse,'].join('\n'),
    );
    const imported = cli('import-list', '--data', data, first);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('Imported 1 households (2 persons) from authorities.csv; 0 flagged as likely already registered.\n');

    const second = join(root, 'bus-manifest.jsonl');
    writeFileSync(
      second,
      `${JSON.stringify({ ref: 'BUS-7', given_name: 'Асмик', family_name: 'Саркисян', sex: 'F', date_of_birth: '1978-06-21', dob_estimated: false })}\n`,
    );
    const flagged = cli('import-list', '--data', data, second, '--json');
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(JSON.parse(flagged.stdout)).toMatchObject({ imported: true, households: 1, persons: 1, flagged: 1 });

    const pairs = cli('duplicates', '--data', data, '--json');
    expect(pairs.code, pairs.stderr).toBe(0);
    const lines = pairs.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            a: { id: string; ref: string | null };
            b: { id: string; ref: string | null };
            score: number;
            reasons: string[];
            status: string;
          },
      );
    expect(lines).toHaveLength(1);
    expect([lines[0]?.a.ref, lines[0]?.b.ref].sort()).toEqual(['A-1', 'BUS-7']);
    expect(lines[0]?.a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[0]?.score).toBeGreaterThan(0.9);
    expect(lines[0]?.reasons).toEqual(['other_script', 'same_birth_date']);
    expect(lines[0]?.status).toBe('open');
  });
});
