import { createHash } from 'node:crypto';
import type { FieldIssue } from '../../api/result.js';
import { checkHouseholdRules } from '../../rules/household.js';
import { HouseholdSchema, type HouseholdInput } from '../../api/schemas/household.js';
import { fieldIssueOf } from '../../api/schemas/text.js';
import type { ListImportResult, ListPreview, ListPreviewHousehold, ListPreviewPerson, ListRowRefusal } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import { today, type Actor, type CoreContext } from '../context.js';
import { sql } from '../db/statements.js';
import { checkDuplicates } from '../duplicates/check.js';
import { ordered } from '../duplicates/intake-decisions.js';
import { CoreError } from '../errors.js';
import { registerHousehold } from '../households/write.js';
import { parseList, type ListRow } from './parse.js';
import { progress } from '../jobs.js';

/**
 * Pre-registration lists (from local authorities, transport manifests): previewed, then taken in all or nothing.
 * Every row is checked; a household is checked by the registration rules as a whole; each person is checked against
 * the file for likely duplicates, which are flagged in the preview and join the supervisor's queue once imported.
 * Households are registered through the one write path, in one transaction with the import's record and audit event;
 * the same file (by its SHA-256) is not taken in twice.
 */

export interface ListFile {
  fileName: string;
  text: string;
}

interface Planned {
  householdRef: string;
  rows: ListRow[];
  input: HouseholdInput;
}

/** Rows grouped into households in the order they first appear; a row without household_ref is a household alone. */
function group(rows: ListRow[]): { householdRef: string; rows: ListRow[] }[] {
  const groups = new Map<string, { householdRef: string; rows: ListRow[] }>();
  rows.forEach((row, i) => {
    const key = row.householdRef ? `ref:${row.householdRef}` : `row:${i}`;
    const g = groups.get(key) ?? { householdRef: row.householdRef, rows: [] };
    g.rows.push(row);
    groups.set(key, g);
  });
  return [...groups.values()];
}

function householdOf(fileName: string, g: { householdRef: string; rows: ListRow[] }): HouseholdInput {
  const members = g.rows.map((r) => ({ ...r.person }));
  // A household whose rows name no head: its first row without a relationship heads it.
  if (!members.some((m) => m.relationship === 'head')) {
    const first = g.rows.findIndex((r) => !r.relationshipGiven);
    if (first >= 0) members[first] = { ...members[first]!, relationship: 'head' };
  }
  const head = members.find((m) => m.relationship === 'head');
  return {
    mode: 'quick',
    phone: head?.phone || members.find((m) => m.phone)?.phone || '',
    notes: `Pre-registration list ${fileName}${g.householdRef ? `, household ${g.householdRef}` : ''}`.slice(0, 2000),
    members,
  };
}

/** A refusal names the list's own column, as the list's author wrote it. */
const LIST_COLUMNS: Record<string, string> = {
  givenName: 'given_name',
  familyName: 'family_name',
  patronymic: 'patronymic',
  phone: 'phone',
  ref: 'ref',
  sex: 'sex',
  birth: 'date_of_birth',
  relationship: 'relationship',
};
const listColumn = (field: string): string => LIST_COLUMNS[field] ?? field;

function plan(ctx: CoreContext, file: ListFile): { format: 'csv' | 'jsonl'; rowCount: number; planned: Planned[]; refused: ListRowRefusal[] } {
  const onDate = today(ctx);
  const { format, rows, refused, records } = parseList(file.text, onDate);
  const planned: Planned[] = [];
  for (const g of group(rows)) {
    const input = householdOf(file.fileName, g);
    const parsed = HouseholdSchema.safeParse(input);
    const issues: FieldIssue[] = parsed.success ? checkHouseholdRules(parsed.data, onDate) : parsed.error.issues.map(fieldIssueOf);
    if (issues.length === 0) {
      planned.push({ householdRef: g.householdRef, rows: g.rows, input });
      continue;
    }
    for (const issue of issues) {
      const member = /^members\.(\d+)/.exec(issue.path);
      const rowsAt = member ? [g.rows[Number(member[1])]!] : g.rows;
      for (const row of rowsAt) {
        refused.push({
          line: row.line,
          ref: row.ref,
          field: listColumn(issue.path.replace(/^members\.\d+\.?/, '')),
          code: issue.code,
          message: g.householdRef ? `Household ${g.householdRef}: ${issue.message}` : issue.message,
          ...(issue.params ? { params: issue.params } : {}),
        });
      }
    }
  }
  refused.sort((a, b) => a.line - b.line);
  return { format, rowCount: records, planned, refused };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The best likely duplicate already in the file for each planned person, by row line. */
function flags(ctx: CoreContext, planned: Planned[]): Map<number, NonNullable<ListPreviewPerson['duplicate']>> {
  const flagged = new Map<number, NonNullable<ListPreviewPerson['duplicate']>>();
  for (const [i, p] of planned.entries()) {
    // The first half of the import's progress (core/jobs.ts); a cancel here leaves nothing to undo.
    progress(ctx, i, planned.length * 2, 'steps');
    for (const row of p.rows) {
      const person = row.person;
      const [best] = checkDuplicates(ctx, {
        person: {
          givenName: person.givenName ?? '',
          familyName: person.familyName ?? '',
          patronymic: person.patronymic ?? '',
          sex: person.sex,
          birth: person.birth,
          documents: [],
          phone: person.phone ?? '',
        },
        household: { phone: p.input.phone ?? '' },
        limit: 1,
      }).candidates;
      if (best) {
        const e = best.existing;
        flagged.set(row.line, {
          score: best.score,
          personId: e.personId,
          name: [e.givenName, e.familyName].filter(Boolean).join(' '),
          registrationNumber: e.registrationNumber,
          reasons: best.reasons,
        });
      }
    }
  }
  return flagged;
}

const alreadyImported = (ctx: CoreContext, hash: string) =>
  sql<{ at: string; file_name: string }>(ctx.db, 'SELECT at, file_name FROM list_imports WHERE sha256 = ?').get(hash);

export function previewList(ctx: CoreContext, file: ListFile): ListPreview {
  const hash = sha256(file.text);
  const { format, rowCount, planned, refused } = plan(ctx, file);
  const flagged = flags(ctx, planned);
  const households: ListPreviewHousehold[] = planned.map((p) => ({
    householdRef: p.householdRef,
    members: p.rows.map((row, i) => {
      const m = p.input.members[i]!;
      const duplicate = flagged.get(row.line);
      return {
        line: row.line,
        ref: row.ref,
        givenName: m.givenName ?? '',
        familyName: m.familyName ?? '',
        patronymic: m.patronymic ?? '',
        sex: m.sex,
        birth: m.birth,
        relationship: m.relationship,
        phone: m.phone ?? '',
        ...(duplicate ? { duplicate } : {}),
      };
    }),
  }));
  return {
    fileName: file.fileName,
    sha256: hash,
    format,
    rows: rowCount,
    households,
    refused,
    flagged: flagged.size,
    alreadyImported: alreadyImported(ctx, hash) !== undefined,
  };
}

/** The preview as a supervisor's screen asks for it: it names people already on file, so it is audited. */
export function auditedPreview(ctx: CoreContext, actor: Actor, file: ListFile): ListPreview {
  const preview = previewList(ctx, file);
  ctx.db.transaction(() =>
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'lists.previewed',
      entity: 'list',
      entityId: '',
      detail: { fileName: file.fileName, sha256: preview.sha256, rows: preview.rows, refused: preview.refused.length, flagged: preview.flagged },
    }),
  )();
  return preview;
}

/** Takes the list in, all or nothing: any refused row, or a file taken in before, and nothing is applied. */
export function importList(ctx: CoreContext, actor: Actor, file: ListFile): ListImportResult {
  const hash = sha256(file.text);
  const before = alreadyImported(ctx, hash);
  if (before) {
    throw new CoreError('conflict', `This list was already imported on ${before.at.slice(0, 10)} (${before.file_name}). Nothing was imported again.`);
  }
  const { planned, refused } = plan(ctx, file);
  if (refused.length > 0) {
    const lines = [...new Set(refused.map((r) => r.line))];
    throw new CoreError(
      'invalid_input',
      `${lines.length} row${lines.length === 1 ? '' : 's'} refused (first: line ${refused[0]!.line}, ${refused[0]!.message}). Nothing was imported.`,
      refused.map((r) => ({ path: `line.${r.line}${r.field ? `.${r.field}` : ''}`, code: r.code, message: `Line ${r.line}: ${r.message}` })),
    );
  }
  const flagged = flags(ctx, planned);
  const result = ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    const registrationNumbers: string[] = [];
    let persons = 0;
    const addPair = sql(
      ctx.db,
      `INSERT INTO duplicate_pairs (person_a, person_b, household_a, household_b, score, reasons, source, found_at)
       VALUES (?, ?, ?, ?, ?, ?, 'list', ?) ON CONFLICT (person_a, person_b) DO NOTHING`,
    );
    for (const [i, p] of planned.entries()) {
      // The second half; a cancel throws inside the transaction, which takes every household back out.
      progress(ctx, planned.length + i, planned.length * 2, 'steps');
      const saved = registerHousehold(ctx, actor, HouseholdSchema.parse(p.input));
      registrationNumbers.push(saved.registrationNumber);
      const ids = sql(ctx.db, 'SELECT id FROM persons WHERE household_id = ? ORDER BY position').pluck<string>().all(saved.id);
      persons += ids.length;
      p.rows.forEach((row, i) => {
        const flag = flagged.get(row.line);
        const id = ids[i];
        if (!flag || !id) return;
        const otherHousehold = sql(ctx.db, 'SELECT household_id FROM persons WHERE id = ?').pluck<string>().get(flag.personId);
        if (!otherHousehold) return;
        const [a, b] = ordered(id, flag.personId);
        addPair.run(a, b, a === id ? saved.id : otherHousehold, a === id ? otherHousehold : saved.id, flag.score, JSON.stringify(flag.reasons), at);
      });
    }
    const importId = ctx.newId();
    sql(ctx.db, 'INSERT INTO list_imports (id, at, operator, file_name, sha256, households, persons, flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      importId,
      at,
      actor.name,
      file.fileName,
      hash,
      planned.length,
      persons,
      flagged.size,
    );
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action: 'lists.imported',
      entity: 'list',
      entityId: importId,
      detail: { fileName: file.fileName, sha256: hash, households: planned.length, persons, flagged: flagged.size },
    });
    return { importId, households: planned.length, persons, flagged: flagged.size, registrationNumbers };
  })();
  ctx.changed(['households']);
  return result;
}
