import { ageInYears, birthDate } from '../../rules/age.js';
import { SLIP_LANGUAGES, type SlipLanguage, type SlipLayout, type SlipMember, type SlipSettings, type SlipView } from '../../api/views-print.js';
import { appendAudit } from '../audit/trail.js';
import { readSetting } from '../batch/settings.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { loadSnapshot } from '../households/write.js';
import { printedForms } from './registration-number.js';

/**
 * The family's intake slip: what it shows (names, sex and age of each member; never needs, notes or documents),
 * the centre's own texts for it, and the record of each print so a reprint says so.
 */

const SETTING_KEYS = {
  nextSteps: (language: SlipLanguage) => `slip.next_steps.${language}`,
  contact: 'slip.contact',
} as const;

const slipSetting = (db: DB, key: string): string => readSetting(db, key) ?? '';

export function slipSettings(db: DB): SlipSettings {
  const nextSteps = Object.fromEntries(SLIP_LANGUAGES.map((l) => [l, slipSetting(db, SETTING_KEYS.nextSteps(l))])) as SlipSettings['nextSteps'];
  return { nextSteps, contact: slipSetting(db, SETTING_KEYS.contact) };
}

export function saveSlipSettings(ctx: CoreContext, actor: Actor, settings: SlipSettings): SlipSettings {
  const entries: [string, string][] = [
    ...SLIP_LANGUAGES.map((l): [string, string] => [SETTING_KEYS.nextSteps(l), settings.nextSteps[l]]),
    [SETTING_KEYS.contact, settings.contact],
  ];
  ctx.db.transaction(() => {
    const upsert = sql(ctx.db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    for (const [key, value] of entries) upsert.run(key, value);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'settings.slip_saved',
      entity: 'settings',
      entityId: 'slip',
      detail: { keys: entries.map(([key]) => key) },
    });
  })();
  ctx.changed(['settings']);
  return slipSettings(ctx.db);
}

const joinName = (...parts: string[]): string =>
  parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' ');

const printsSoFar = (db: DB, householdId: string): number =>
  sql(db, 'SELECT count(*) FROM slip_prints WHERE household_id = ?').pluck<number>().get(householdId)!;

function buildSlip(ctx: CoreContext, householdId: string, printNumber: number): SlipView {
  const s = loadSnapshot(ctx.db, householdId);
  if (s.status !== 'active') throw new CoreError('refused', 'This registration was voided: no slip is printed for it.');
  const printedAt = ctx.now().toISOString();
  const members: SlipMember[] = s.household.members.map((m) => {
    const dateOfBirth = birthDate(m.birth, s.household.arrivedAt.slice(0, 10));
    return {
      name: joinName(m.givenName, m.patronymic, m.familyName),
      nameLatin: joinName(m.givenNameLatin, m.patronymicLatin, m.familyNameLatin),
      sex: m.sex,
      age: Math.max(0, ageInYears(dateOfBirth, printedAt.slice(0, 10))),
      ageEstimated: m.birth.kind !== 'exact',
      isHead: m.relationship === 'head',
    };
  });
  members.sort((a, b) => Number(b.isHead) - Number(a.isHead));
  return {
    householdId: s.id,
    registrationNumber: s.registrationNumber,
    arrivedAt: s.household.arrivedAt,
    registeredAt: s.registeredAt,
    printedAt,
    centreCode: s.centreCode,
    centreName: s.centreCode === ctx.station.centreCode ? ctx.station.centreName : s.centreCode,
    stationLabel: ctx.station.stationLabel,
    members,
    settings: slipSettings(ctx.db),
    printNumber,
  };
}

/** The slip as the next print would be: nothing is recorded. */
export const previewSlip = (ctx: CoreContext, householdId: string): SlipView => buildSlip(ctx, householdId, printsSoFar(ctx.db, householdId) + 1);

/** Records a print of the slip (audit event and print log, one transaction) and returns what to print. */
export function printSlip(ctx: CoreContext, actor: Actor, householdId: string, language: SlipLanguage, layout: SlipLayout): SlipView {
  return ctx.db.transaction(() => {
    const printNumber = printsSoFar(ctx.db, householdId) + 1;
    const slip = buildSlip(ctx, householdId, printNumber);
    sql(ctx.db, 'INSERT INTO slip_prints (household_id, print_number, at, operator, language, layout) VALUES (?, ?, ?, ?, ?, ?)').run(
      householdId,
      printNumber,
      slip.printedAt,
      actor.name,
      language,
      layout,
    );
    appendAudit(ctx.db, {
      at: slip.printedAt,
      operator: actor.name,
      action: 'household.slip_printed',
      entity: 'household',
      entityId: householdId,
      detail: { registrationNumber: slip.registrationNumber, printNumber, reprint: printNumber > 1, language, layout },
    });
    return slip;
  })();
}

/** The household a registration number (as printed or as read aloud) belongs to. */
export function householdIdByNumber(db: DB, registrationNumber: string): string {
  // Rebuilt as printed from what was typed (either station form), so the unique index finds it.
  const lookup = sql(db, 'SELECT id FROM households WHERE registration_number = ?').pluck<string>();
  const id = printedForms(registrationNumber)
    .map((form) => lookup.get(form))
    .find(Boolean);
  if (!id) throw new CoreError('not_found', `No household has the registration number ${registrationNumber}.`);
  return id;
}
