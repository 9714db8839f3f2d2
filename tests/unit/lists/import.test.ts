import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/context.js';
import { CoreError } from '../../../electron/core/errors.js';
import { importList, previewList } from '../../../electron/core/lists/import.js';
import { cleanupTemp, makeTempCore, person, rowCounts, type TempCore } from '../../helpers/core.js';

/** Pre-registration lists on a real file: CSV and JSON Lines, a row-by-row report, all or nothing, duplicates flagged. */

const SUPERVISOR: Actor = { id: 'op-sup', name: 'Sona', role: 'supervisor' };
const HEADER = 'household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone';
let t: TempCore;
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const TABLES = ['households', 'persons', 'search_keys', 'household_versions', 'audit_events', 'change_log', 'duplicate_pairs', 'list_imports'];

beforeEach(() => {
  t = makeTempCore();
  t.register({ arrivedAt: '2026-11-19T08:00:00.000Z', members: [person('Հասմիկ', 'Սարգսյան', 'F', '1978-06-21')] });
});
afterEach(cleanupTemp);

function refusedImport(text: string): CoreError {
  try {
    importList(t.ctx, SUPERVISOR, { fileName: 'list.csv', text });
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('The list was imported');
}

describe('a malformed row', () => {
  it('is refused with its line number and why, and nothing of the list is applied', () => {
    const text = csv(
      'H1,R-1,Aram,Sargsyan,,M,1980-05-12,false,head,+374 91 111111',
      'H1,R-2,Ani,Sargsyan,,F,1983-02-30,false,spouse,',
      'H2,R-3,Levon,Petrosyan,,X,1950-01-01,false,,',
      'H3,R-4,Gor,Davtyan,,M,1999-09-09,false,,',
    );
    const before = rowCounts(t.db, TABLES);
    const preview = previewList(t.ctx, { fileName: 'list.csv', text });
    expect(preview.refused.map((r) => [r.line, r.ref, r.field, r.code])).toEqual([
      [3, 'R-2', 'date_of_birth', 'list.birth.invalid'],
      [4, 'R-3', 'sex', 'list.sex.invalid'],
    ]);
    expect(preview.refused[0]?.message).toBe('The date of birth "1983-02-30" is not a real date written YYYY-MM-DD.');
    const error = refusedImport(text);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^2 rows refused \(first: line 3, .*\)\. Nothing was imported\.$/);
    expect(error.issues?.map((i) => i.message)).toEqual([
      'Line 3: The date of birth "1983-02-30" is not a real date written YYYY-MM-DD.',
      'Line 4: The sex is "X"; write F or M.',
    ]);
    expect(rowCounts(t.db, TABLES)).toEqual(before);
  });

  it('a household breaking a registration rule is refused on each of its lines', () => {
    const preview = previewList(t.ctx, {
      fileName: 'list.csv',
      text: csv('H1,R-1,Aram,Sargsyan,,M,1980-05-12,false,head,', 'H1,R-2,Ani,Sargsyan,,F,1983-02-03,false,head,'),
    });
    expect(preview.refused.map((r) => [r.line, r.code, r.message])).toEqual([
      [2, 'rule.head.many', 'Household H1: Only one member can be the head of the family.'],
      [3, 'rule.head.many', 'Household H1: Only one member can be the head of the family.'],
    ]);
  });

  it('a header without a required column refuses the file at line 1; a repeated ref at its second line', () => {
    expect(previewList(t.ctx, { fileName: 'x.csv', text: 'ref,given_name,family_name\nR-1,Aram,Sargsyan' }).refused.map((r) => [r.line, r.field])).toEqual([
      [1, 'sex'],
      [1, 'date_of_birth'],
    ]);
    expect(
      previewList(t.ctx, { fileName: 'x.csv', text: csv(',R-1,Aram,Sargsyan,,M,1980-05-12,false,,', ',R-1,Gor,Sargsyan,,M,1981-05-12,false,,') }).refused,
    ).toEqual([
      { line: 3, ref: 'R-1', field: 'ref', code: 'list.ref.repeated', message: 'The ref "R-1" is already used on line 2.', params: { ref: 'R-1', first: 2 } },
    ]);
  });

  it('a JSON Lines line that is not an object is refused with its line', () => {
    const text = '{"ref":"A","given_name":"Aram","family_name":"Sargsyan","sex":"M","date_of_birth":"1980-05-12"}\n\n[1,2]\n';
    expect(previewList(t.ctx, { fileName: 'x.jsonl', text }).refused.map((r) => [r.line, r.code])).toEqual([[3, 'list.row.json']]);
  });
});

describe('a good list', () => {
  it('forms households from household_ref (a row without one is alone), keeps each ref, and flags who is on file already', () => {
    const text = csv(
      'H1,R-1,Asmik,Sarkisyan,,F,1978-06-21,false,head,091 123456',
      'H1,R-2,Davit,Sarkisyan,,M,2010-03-05,false,child,',
      ',R-3,"Levon, Jr.",Petrosyan,,M,1961-01-01,true,,',
      ';;;',
    );
    const preview = previewList(t.ctx, { fileName: 'authorities.csv', text });
    expect(preview).toMatchObject({ format: 'csv', rows: 4, flagged: 1, alreadyImported: false });
    // The stray line of separators has no name, sex or birth: refused, on its own line only.
    expect([...new Set(preview.refused.map((r) => r.line))]).toEqual([5]);
    const good = csv(
      'H1,R-1,Asmik,Sarkisyan,,F,1978-06-21,false,head,091 123456',
      'H1,R-2,Davit,Sarkisyan,,M,2010-03-05,false,child,',
      ',R-3,"Levon, Jr.",Petrosyan,,M,1961-01-01,true,,',
    );
    const ok = previewList(t.ctx, { fileName: 'authorities.csv', text: good });
    expect(ok.refused).toEqual([]);
    expect(ok.households.map((h) => [h.householdRef, h.members.map((m) => `${m.givenName}:${m.relationship}`)])).toEqual([
      ['H1', ['Asmik:head', 'Davit:child']],
      ['', ['Levon, Jr.:head']],
    ]);
    expect(ok.households[0]?.members[0]?.duplicate).toMatchObject({ name: 'Հասմիկ Սարգսյան' });
    expect(ok.households[1]?.members[0]?.birth).toEqual({ kind: 'age', years: 65 });

    const result = importList(t.ctx, SUPERVISOR, { fileName: 'authorities.csv', text: good });
    expect(result).toMatchObject({ households: 2, persons: 3, flagged: 1 });
    expect(t.db.prepare('SELECT ref FROM persons WHERE ref IS NOT NULL ORDER BY ref').pluck().all()).toEqual(['R-1', 'R-2', 'R-3']);
    expect(t.db.prepare('SELECT source, status FROM duplicate_pairs').all()).toEqual([{ source: 'list', status: 'open' }]);
    expect(t.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'lists.imported'").pluck().get()).toBe(1);
    expect(t.db.prepare('SELECT mode, phone FROM households WHERE registration_number = ?').get(result.registrationNumbers[0])).toEqual({
      mode: 'quick',
      phone: '091 123456',
    });

    // The same file again: refused, nothing applied twice.
    const before = rowCounts(t.db, TABLES);
    expect(() => importList(t.ctx, SUPERVISOR, { fileName: 'again.csv', text: good })).toThrow(/already imported/);
    expect(previewList(t.ctx, { fileName: 'again.csv', text: good }).alreadyImported).toBe(true);
    expect(rowCounts(t.db, TABLES)).toEqual(before);
  });

  it('reads JSON Lines and semicolon-separated CSV', () => {
    const jsonl =
      '{"household_ref":"A","ref":"J1","given_name":"Нарине","family_name":"Петросян","sex":"F","date_of_birth":"1985-05-05","dob_estimated":false,"relationship":"head","phone":"+7 915 123 45 67"}\n';
    expect(previewList(t.ctx, { fileName: 'x.jsonl', text: jsonl })).toMatchObject({ format: 'jsonl', rows: 1, refused: [] });
    const semicolons = '\uFEFFref;given_name;family_name;sex;date_of_birth\nS1;Gor;Davtyan;M;1999-09-09\n';
    expect(previewList(t.ctx, { fileName: 'x.csv', text: semicolons })).toMatchObject({ format: 'csv', rows: 1, refused: [] });
  });
});
