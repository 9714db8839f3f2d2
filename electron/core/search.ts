import { ageInYears } from '../api/age.js';
import type { MatchReason, SearchHit } from '../api/views.js';
import type { DB } from './db/open.js';
import { sql } from './db/statements.js';
import { KEY_PREFIX, phoneKey } from './households/index-person.js';
import { foldName } from './names/keys.js';
import { detectScript } from './names/translit.js';
import { compactNumber } from './registration-number.js';

/**
 * Search as you type. Every query token is folded to the same phonetic key that names were indexed under, so one
 * script finds the others and spelling variants meet; numbers, phones and documents are looked up beside names.
 */

const MAX_KEYS_PER_TOKEN = 4000;
const MAX_CANDIDATES = 200;

interface Match {
  score: number;
  reasons: Set<MatchReason>;
}

const upperBound = (prefix: string): string => `${prefix}\uffff`;

function keysWithPrefix(db: DB, prefix: string): { key: string; person_id: string }[] {
  return sql(db, 'SELECT key, person_id FROM search_keys WHERE key >= ? AND key < ? ORDER BY key LIMIT ?').all(
    prefix, upperBound(prefix), MAX_KEYS_PER_TOKEN,
  ) as { key: string; person_id: string }[];
}

/** Persons whose name has a token beginning with each folded query token; best when the whole key matches. */
function nameMatches(db: DB, tokens: string[]): Map<string, Match> {
  let result: Map<string, Match> | undefined;
  for (const token of tokens) {
    const folded = foldName(token);
    if (!folded) continue;
    const scores = new Map<string, number>();
    for (const row of keysWithPrefix(db, KEY_PREFIX.name + folded)) {
      const key = row.key.slice(KEY_PREFIX.name.length);
      const score = key === folded ? 1 : 0.5 + (0.4 * folded.length) / key.length;
      scores.set(row.person_id, Math.max(scores.get(row.person_id) ?? 0, score));
    }
    const next = new Map<string, Match>();
    for (const [personId, score] of scores) {
      const previous = result?.get(personId);
      if (result && !previous) continue;
      next.set(personId, { score: (previous?.score ?? 0) + score, reasons: new Set(['name']) });
    }
    result = next;
    if (result.size === 0) break;
  }
  return result ?? new Map();
}

function exactMatches(db: DB, prefix: string, reason: MatchReason, score: number, into: Map<string, Match>): void {
  for (const row of keysWithPrefix(db, prefix)) {
    const m = into.get(row.person_id) ?? { score: 0, reasons: new Set<MatchReason>() };
    m.score += score;
    m.reasons.add(reason);
    into.set(row.person_id, m);
  }
}

interface PersonRow {
  id: string; household_id: string; registration_number: string; given_name: string; family_name: string;
  patronymic: string; given_name_latin: string; family_name_latin: string; sex: 'F' | 'M'; birth_date: string;
  relationship: string; status: 'active' | 'voided';
}

function refineNameReasons(query: string, row: PersonRow, match: Match): void {
  if (!match.reasons.has('name')) return;
  const typed = [row.given_name, row.family_name, row.patronymic].join(' ').toLowerCase();
  const qScript = detectScript(query);
  const nScript = detectScript(typed);
  if (qScript !== 'none' && nScript !== 'none' && qScript !== nScript && qScript !== 'mixed') {
    match.reasons.delete('name');
    match.reasons.add('other_script');
    return;
  }
  const words = typed.split(/[\s-]+/);
  const literal = query.toLowerCase().split(/\s+/).every((t) => words.some((w) => w.startsWith(t)));
  if (!literal) {
    match.reasons.delete('name');
    match.reasons.add('name_variant');
  }
}

export function searchPersons(db: DB, query: string, limit: number, onDate: string): SearchHit[] {
  const text = query.trim();
  if (!text) return [];
  const tokens = text.split(/\s+/).filter(Boolean);
  const matches = nameMatches(db, tokens);
  const compact = compactNumber(text);
  const digits = text.replace(/\D/g, '');
  if (/\d/.test(compact) && compact.length >= 4) {
    exactMatches(db, KEY_PREFIX.number + compact, 'registration_number', 3, matches);
    exactMatches(db, KEY_PREFIX.document + compact.replace(/[^0-9A-Z]/g, ''), 'document', 2.5, matches);
  }
  if (digits.length >= 4 && digits.length === text.replace(/[\s()+-]/g, '').length) {
    exactMatches(db, phoneKey(digits.replace(/^0+/, '')), 'phone', 2, matches);
  }
  const ranked = [...matches.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, MAX_CANDIDATES);
  if (ranked.length === 0) return [];
  const rows = sql(
    db,
    `SELECT p.id, p.household_id, h.registration_number, p.given_name, p.family_name, p.patronymic,
            p.given_name_latin, p.family_name_latin, p.sex, p.birth_date, p.relationship, h.status
     FROM persons p JOIN households h ON h.id = p.household_id
     WHERE p.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ranked.map(([id]) => id))) as PersonRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits: SearchHit[] = [];
  for (const [personId, match] of ranked) {
    const row = byId.get(personId);
    if (!row) continue;
    refineNameReasons(text, row, match);
    hits.push({
      personId,
      householdId: row.household_id,
      registrationNumber: row.registration_number,
      name: [row.given_name, row.patronymic, row.family_name].filter(Boolean).join(' '),
      nameLatin: [row.given_name_latin, row.family_name_latin].filter(Boolean).join(' '),
      sex: row.sex,
      age: Math.max(0, ageInYears(row.birth_date, onDate)),
      isHead: row.relationship === 'head',
      householdStatus: row.status,
      // Voided households sink below active ones with the same match.
      score: Math.round((match.score + (row.relationship === 'head' ? 0.05 : 0) - (row.status === 'voided' ? 0.5 : 0)) * 1000) / 1000,
      reasons: [...match.reasons],
    });
  }
  return hits.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, limit);
}
