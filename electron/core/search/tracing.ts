import { ageInYears, birthPrecision } from '../../rules/age.js';
import type { TraceHit } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import { today, type Actor, type CoreContext } from '../context.js';
import { sql } from '../db/statements.js';
import { birthOf, mergedAway } from '../duplicates/people.js';
import { foldName, keySimilarity } from '../names/keys.js';
import { searchPersons } from './persons.js';

/**
 * Family tracing: a family looking for a separated relative gives a name, an approximate age and where they came
 * from; the answer is where (centre, station) and when that person registered, here or at any desk whose batches
 * this file took in. Only people whose household recorded consent to tracing are ever shown: others are left out
 * inside core, before anything is answered. Each search is recorded in the audit trail.
 */

export interface TraceInput {
  name: string;
  age?: number | undefined;
  /** Years either side of the age given. */
  ageTolerance: number;
  origin: string;
  sex?: 'F' | 'M' | undefined;
  limit: number;
}

/** Name matches read before the consent, age and origin filters. */
const CANDIDATES = 400;

interface TraceRow {
  id: string;
  given_name: string;
  family_name: string;
  patronymic: string;
  given_name_latin: string;
  family_name_latin: string;
  sex: 'F' | 'M';
  birth_kind: 'exact' | 'year' | 'age';
  birth_value: string;
  birth_date: string;
  registration_number: string;
  registered_at: string;
  origin_settlement: string;
  origin_district: string;
  centre_code: string;
  station_id: string;
}

/** How well a recorded place of origin answers the one given: whole-word folded keys, as names are compared. */
function originSimilarity(given: string, recorded: string): number {
  const a = foldName(given);
  if (!a) return 1;
  return Math.max(keySimilarity(a, foldName(recorded)), 0);
}

export function traceRelatives(ctx: CoreContext, actor: Actor, input: TraceInput): TraceHit[] {
  const name = input.name.trim();
  if (!name) return [];
  const onDate = today(ctx);
  return ctx.db.transaction(() => {
    const named = searchPersons(ctx.db, name, CANDIDATES, onDate).filter((h) =>
      h.reasons.some((r) => r === 'name' || r === 'name_variant' || r === 'other_script'),
    );
    const away = mergedAway(ctx.db);
    const byScore = new Map(named.map((h) => [h.personId, h.score]));
    const statement = sql<TraceRow>(
      ctx.db,
      `SELECT p.id, p.given_name, p.family_name, p.patronymic, p.given_name_latin, p.family_name_latin, p.sex, p.birth_kind,
         p.birth_value, p.birth_date, h.registration_number, h.registered_at, h.origin_settlement, h.origin_district,
         h.centre_code, h.station_id
       FROM persons p JOIN households h ON h.id = p.household_id
       WHERE p.id = ? AND h.consent_tracing = 1 AND h.status = 'active'`,
    );
    const places = new Map<string, { centreName: string; label: string }>([
      [ctx.station.stationId, { centreName: ctx.station.centreName, label: ctx.station.stationLabel }],
    ]);
    for (const [id, label, centreName] of sql(ctx.db, 'SELECT station_id, label, centre_name FROM known_stations').raw<[string, string, string]>().all()) {
      places.set(id, { centreName, label });
    }
    const hits: TraceHit[] = [];
    for (const hit of named) {
      if (away.has(hit.personId)) continue;
      const row = statement.get(hit.personId);
      if (!row) continue; // no consent to tracing, or voided: never shown
      if (input.sex && row.sex !== input.sex) continue;
      const age = Math.max(0, ageInYears(row.birth_date, onDate));
      if (input.age !== undefined && Math.abs(age - input.age) > input.ageTolerance) continue;
      const reasons: string[] = [...hit.reasons];
      let score = byScore.get(row.id) ?? 0;
      if (input.age !== undefined) {
        score += 0.5 * (1 - Math.abs(age - input.age) / (input.ageTolerance + 1));
        reasons.push('age');
      }
      if (input.origin.trim()) {
        const similarity = Math.max(originSimilarity(input.origin, row.origin_settlement), originSimilarity(input.origin, row.origin_district));
        score += similarity >= 0.85 ? 0.5 * similarity : 0;
        if (similarity >= 0.85) reasons.push('origin');
      }
      const place = places.get(row.station_id);
      hits.push({
        personId: row.id,
        givenName: row.given_name,
        familyName: row.family_name,
        patronymic: row.patronymic,
        nameLatin: [row.given_name_latin, row.family_name_latin].filter(Boolean).join(' '),
        sex: row.sex,
        age,
        agePrecision: birthPrecision(birthOf(row.birth_kind, row.birth_value)),
        originSettlement: row.origin_settlement,
        originDistrict: row.origin_district,
        centreCode: row.centre_code,
        centreName: place?.centreName ?? '',
        stationLabel: place?.label ?? '',
        registeredAt: row.registered_at,
        registrationNumber: row.registration_number,
        score: Math.round(score * 1000) / 1000,
        reasons,
      });
    }
    hits.sort((a, b) => b.score - a.score);
    const shown = hits.slice(0, input.limit);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'tracing.search',
      entity: 'search',
      entityId: '',
      // The persons shown, never the name typed (it would outlive an erased family): as the search box's audit.
      detail: { shown: shown.map((hit) => hit.personId), age: input.age ?? null, hits: shown.length },
    });
    return shown;
  })();
}
