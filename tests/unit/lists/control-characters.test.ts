import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HouseholdSchema, type HouseholdInput } from '../../../electron/api/schemas/household.js';
import { fieldIssueOf } from '../../../electron/api/schemas/text.js';
import { previewList } from '../../../electron/core/lists/import.js';
import { cleanupTemp, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/**
 * Names and other text refuse control characters, by the one schema the form, core, list import and the hub's batch
 * parsing share; the refusal carries the code the UI translates, at its field or with its line and column.
 */

const household = (patch: Partial<HouseholdInput['members'][number]> = {}, extra: Partial<HouseholdInput> = {}): HouseholdInput => ({
  arrivedAt: '2026-11-19T08:00:00.000Z',
  members: [{ ...person('Anahit', 'Hovhannisyan', 'F', '1985-03-14'), ...patch }],
  ...extra,
});

const issuesOf = (input: HouseholdInput) => {
  const parsed = HouseholdSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map(fieldIssueOf);
};

describe('the household schema', () => {
  it.each([
    ['NUL', 'Ana\u0000hit'],
    ['a line feed', 'Ana\nhit'],
    ['a carriage return', 'Ana\rhit'],
    ['a tab', 'Ana\thit'],
    ['an escape', 'Ana\u001bhit'],
    ['DEL', 'Ana\u007fhit'],
    ['C1 next-line', 'Ana\u0085hit'],
    ['C1 CSI', 'Ana\u009bhit'],
    ['a line separator', 'Ana\u2028hit'],
  ])('refuses %s in a name, at the field, with the code the screens translate', (_, name) => {
    expect(issuesOf(household({ givenName: name }))).toEqual([expect.objectContaining({ path: 'members.0.givenName', code: 'text.control' })]);
    expect(issuesOf(household({ familyNameLatin: name }))).toEqual([expect.objectContaining({ path: 'members.0.familyNameLatin', code: 'text.control' })]);
  });

  it('refuses line breaks and NUL in other one-line text, and all but line breaks and tabs in notes', () => {
    expect(issuesOf(household({}, { originSettlement: 'Martakert\n=cmd' }))).toEqual([
      expect.objectContaining({ path: 'originSettlement', code: 'text.control' }),
    ]);
    expect(issuesOf(household({ phone: '+374\u000091' }))).toEqual([expect.objectContaining({ path: 'members.0.phone', code: 'text.control' })]);
    expect(issuesOf(household({ documents: [{ type: 'passport', number: 'AN\r0123' }] }))).toEqual([expect.objectContaining({ code: 'text.control' })]);
    expect(issuesOf(household({}, { notes: 'Needs insulin.\r\nSpeaks Russian.\tAsk for Ani.' }))).toEqual([]);
    expect(issuesOf(household({}, { notes: 'Needs insulin\u0000' }))).toEqual([expect.objectContaining({ path: 'notes', code: 'text.control' })]);
  });

  it('takes names in every script, with spaces, hyphens and apostrophes', () => {
    for (const name of ['Անահիտ', 'Анаит-Мария', "O'Neil", 'Ter Petrosyan', 'Ṙubēn']) expect(issuesOf(household({ givenName: name }))).toEqual([]);
  });
});

describe('list import', () => {
  const HEADER = 'household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone';
  let t: TempCore;
  beforeEach(() => {
    t = makeTempCore();
  });
  afterEach(cleanupTemp);

  it('refuses a CSV name holding a quoted line break or a C1 control, with its line and column', () => {
    const text = [HEADER, 'H1,A-1,"Aram\nAram",Sargsyan,,M,1980-05-12,false,head,', 'H2,A-2,Ani,Sarg\u0085syan,,F,1983-02-03,false,head,'].join('\n');
    const preview = previewList(t.ctx, { fileName: 'list.csv', text });
    expect(preview.refused).toEqual([
      expect.objectContaining({ line: 2, ref: 'A-1', field: 'given_name', code: 'text.control' }),
      expect.objectContaining({ line: 4, ref: 'A-2', field: 'family_name', code: 'text.control' }),
    ]);
  });

  it('refuses a JSON Lines row with NUL in a name, with its line and column', () => {
    const rows = [
      { ref: 'B-1', given_name: 'Asmik', family_name: 'Sargsyan', sex: 'F', date_of_birth: '1978-06-21', dob_estimated: false },
      { ref: 'B-2', given_name: 'Asmik', family_name: 'Sarg\u0000syan', patronymic: 'Aram\tovna', sex: 'F', date_of_birth: '1978-06-21', dob_estimated: false },
    ];
    const preview = previewList(t.ctx, { fileName: 'bus.jsonl', text: rows.map((r) => JSON.stringify(r)).join('\n') });
    expect(preview.refused.map((r) => [r.line, r.field, r.code])).toEqual([
      [2, 'family_name', 'text.control'],
      [2, 'patronymic', 'text.control'],
    ]);
  });
});
