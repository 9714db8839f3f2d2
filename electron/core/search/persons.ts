import { ageInYears } from '../../rules/age.js';
import type { MatchReason, SearchHit } from '../../api/views.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { KEY_PREFIX, phoneKey } from '../households/index-person.js';
import { normaliseDocumentNumber, normalisePhone } from '../names/keys.js';
import { detectScript } from '../names/translit.js';
import { compactNumber } from '../intake/registration-number.js';
import { nameTokens, type NameToken } from './tokens.js';

/**
 * Search as you type over 120,000 persons in a few milliseconds.
 *
 * Every word of the query is folded to the phonetic key names were indexed under (one script finds the others,
 * spelling variants meet), with a few relaxed prefixes for a word still being typed (search/tokens.ts). The words
 * are resolved against the vocabulary of keys first (search_vocab: each distinct key and how many carry it), so the
 * rarest word drives the scan, its keys are read best first (the whole key before longer ones), and the other
 * words are checked for each candidate by one seek into the person's own keys, inside SQLite. The scan stops once
 * enough people are found at the best level reached. Numbers, phones and documents are looked up beside names.
 */

/** Persons found before ranking: enough for the page asked for and the ties around its end. */
const slackFor = (limit: number): number => Math.max(limit * 2, 40);
/** Rows read at most for one query, whatever it is: the ceiling on a keystroke's cost. */
const SCAN_CAP = 24_000;
/** Persons of one key read whole to rank the other words' keys; above it the first found are taken. */
const ORDERED_SCAN_MAX = 800;
/** Numbers typed without a country code are Armenian, as normalisePhone reads them. */
const DEFAULT_COUNTRY = '374';
/** Keys of the vocabulary read for one prefix; a one-letter prefix reaches at most a few thousand in practice. */
const VOCAB_CAP = 3_000;
/** The other words checked per candidate in SQL; words beyond are rare and only rank. */
const MAX_FILTER_WORDS = 3;
/** Person details fetched per statement. */
const DETAIL_CHUNK = 64;

interface Match {
  score: number;
  reasons: Set<MatchReason>;
}

const upperBound = (prefix: string): string => `${prefix}\uffff`;

interface VocabKey {
  key: string;
  quality: number;
  persons: number;
}

/** How well a whole key answers a typed word: 1 for the word's own key, less the more the key runs past it. */
function keyQuality(token: NameToken, key: string): number {
  if (key === token.key) return 1;
  let best = 0;
  const n = KEY_PREFIX.name.length;
  token.prefixes.forEach((p, i) => {
    if (key.startsWith(p)) best = Math.max(best, (0.5 + (0.4 * (p.length - n)) / (key.length - n)) * (token.weights[i] ?? 1));
  });
  return best;
}

/** The vocabulary keys a word reaches, best first. */
function vocabularyOf(db: DB, token: NameToken): { keys: VocabKey[]; total: number } {
  const seen = new Map<string, VocabKey>();
  const range = sql(db, 'SELECT key, persons FROM search_vocab WHERE key >= ? AND key < ? AND persons > 0 LIMIT ?').raw<[string, number]>();
  for (const prefix of token.prefixes) {
    for (const [key, persons] of range.all(prefix, upperBound(prefix), VOCAB_CAP)) {
      if (!seen.has(key)) seen.set(key, { key, persons, quality: keyQuality(token, key) });
    }
  }
  const keys = [...seen.values()].sort((a, b) => b.quality - a.quality || a.persons - b.persons);
  return { keys, total: keys.reduce((n, k) => n + k.persons, 0) };
}

/**
 * `person, k1, k2…` for one key of the driving word (the person by number, migration 022): each kN a key of another
 * word found among the person's own keys by one index seek (person, key) over the range its prefixes share; a row per
 * combination. `ordered` reads every person of the key and sends the best (shortest keys reached) first; otherwise
 * SQLite stops at the limit.
 */
function filterStatement(db: DB, words: number, ordered: boolean) {
  const joins = Array.from({ length: words }, (_, i) => `JOIN search_keys b${i} ON b${i}.person = a.person AND b${i}.key >= ? AND b${i}.key < ?`);
  const columns = Array.from({ length: words }, (_, i) => `b${i}.key`);
  const order = ordered ? `ORDER BY ${columns.map((c) => `length(${c})`).join(' + ')}` : '';
  return sql(db, `SELECT a.person, ${columns.join(', ')} FROM search_keys a ${joins.join(' ')} WHERE a.key = ? ${order} LIMIT ?`).raw<[number, ...string[]]>();
}

/** The longest prefix a word's prefixes share: one range per word in SQL, the exact prefixes checked in JS. */
function sharedPrefix(prefixes: readonly string[]): string {
  let shared = prefixes[0] ?? KEY_PREFIX.name;
  for (const p of prefixes) {
    let i = 0;
    while (i < shared.length && i < p.length && shared[i] === p[i]) i++;
    shared = shared.slice(0, i);
  }
  return shared.length >= KEY_PREFIX.name.length ? shared : KEY_PREFIX.name;
}

/** Persons whose name has a key reached by every word; the rarest word drives, the others filter in SQL. */
function nameMatches(db: DB, tokens: NameToken[], want: number, into: Map<number, Match>): void {
  const resolved = tokens.map((token) => ({ token, ...vocabularyOf(db, token) }));
  if (resolved.length === 0 || resolved.some((r) => r.total === 0)) return;
  resolved.sort((a, b) => a.total - b.total);
  const [driver, ...rest] = resolved;
  if (!driver) return;
  const filters = rest.slice(0, MAX_FILTER_WORDS);
  const statements = filters.length > 0 ? { ordered: filterStatement(db, filters.length, true), first: filterStatement(db, filters.length, false) } : undefined;
  const filterParams = filters.flatMap((f) => {
    const shared = sharedPrefix(f.token.prefixes);
    return [shared, upperBound(shared)];
  });
  const single = sql(db, 'SELECT person FROM search_keys WHERE key = ? LIMIT ?').pluck<number>();

  let scanned = 0;
  let found = 0;
  let tierQuality = Number.NaN;
  for (const vocab of driver.keys) {
    // Finish the level of quality reached, then stop once enough were found or the scan grew too long.
    if (vocab.quality !== tierQuality && (found >= want || scanned >= SCAN_CAP)) break;
    tierQuality = vocab.quality;
    scanned += vocab.persons;
    if (!statements) {
      for (const person of single.all(vocab.key, want)) {
        found += add(into, person, vocab.quality) ? 1 : 0;
      }
      continue;
    }
    // A key most people share (a common surname) is not read whole for the order of its other words.
    const statement = vocab.persons <= ORDERED_SCAN_MAX ? statements.ordered : statements.first;
    rows: for (const row of statement.all(...filterParams, vocab.key, want * 2)) {
      let score = vocab.quality;
      for (let i = 0; i < filters.length; i++) {
        const quality = keyQuality(filters[i]!.token, (row[i + 1] as string | undefined) ?? '');
        if (quality === 0) continue rows;
        score += quality;
      }
      found += add(into, row[0], score) ? 1 : 0;
    }
  }
}

/** Adds a name match; true when the person is new to the map. */
function add(into: Map<number, Match>, person: number, score: number): boolean {
  const m = into.get(person);
  if (m) {
    m.score = Math.max(m.score, score);
    return false;
  }
  into.set(person, { score, reasons: new Set(['name']) });
  return true;
}

/** Numbers (registration, reversed phone, document) by prefix, best first by shortest key. */
function numberMatches(db: DB, prefix: string, reason: MatchReason, score: number, want: number, into: Map<number, Match>): void {
  const rows = sql(db, 'SELECT key, person FROM search_keys WHERE key >= ? AND key < ? LIMIT ?').raw<[string, number]>().all(prefix, upperBound(prefix), want);
  for (const [key, person] of rows) {
    const m = into.get(person) ?? { score: 0, reasons: new Set<MatchReason>() };
    // A whole number typed counts more than the start of one.
    m.score += key === prefix ? score : score * 0.8;
    m.reasons.add(reason);
    into.set(person, m);
  }
}

interface PersonRow {
  n: number;
  id: string;
  household_id: string;
  registration_number: string;
  given_name: string;
  family_name: string;
  patronymic: string;
  given_name_latin: string;
  family_name_latin: string;
  sex: 'F' | 'M';
  birth_date: string;
  birth_kind: SearchHit['birthKind'];
  relationship: string;
  status: 'active' | 'voided';
  head_name: string;
  origin_settlement: string;
  origin_district: string;
}

/** Persons by number. */
function personRows(db: DB, numbers: number[]): PersonRow[] {
  const statement = sql<PersonRow>(
    db,
    `SELECT p.n, p.id, p.household_id, h.registration_number, p.given_name, p.family_name, p.patronymic,
            p.given_name_latin, p.family_name_latin, p.sex, p.birth_date, p.birth_kind, p.relationship, h.status,
            h.head_name, h.origin_settlement, h.origin_district
     FROM persons p JOIN households h ON h.id = p.household_id
     WHERE p.n IN (${Array.from({ length: DETAIL_CHUNK }, () => '?').join(', ')})`,
  );
  const rows: PersonRow[] = [];
  for (let i = 0; i < numbers.length; i += DETAIL_CHUNK) {
    const chunk: (number | null)[] = numbers.slice(i, i + DETAIL_CHUNK);
    while (chunk.length < DETAIL_CHUNK) chunk.push(null);
    rows.push(...statement.all(...chunk));
  }
  return rows;
}

/** Says whether a name was found as typed, as a spelling variant, or in another script; as typed ranks higher. */
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
  const literal = query
    .toLowerCase()
    .split(/\s+/)
    .every((t) => words.some((w) => w.startsWith(t)));
  if (literal) {
    match.score += 0.05;
  } else {
    match.reasons.delete('name');
    match.reasons.add('name_variant');
  }
}

/** Numbers, phones and documents the query may be, each looked up by prefix. */
function numberLookups(db: DB, text: string, want: number, into: Map<number, Match>): void {
  const compact = compactNumber(text);
  if (/\d/.test(compact) && compact.length >= 4) {
    numberMatches(db, KEY_PREFIX.number + compact, 'registration_number', 3, want, into);
    const document = normaliseDocumentNumber(text).replace(/[^0-9A-Z]/g, '');
    if (document.length >= 4) numberMatches(db, KEY_PREFIX.document + document, 'document', 2.5, want, into);
  }
  const digits = text.replace(/\D/g, '');
  if (digits.length >= 4 && digits.length === text.replace(/[\s().+-]/g, '').length) {
    // The number as dialled anywhere (+374…, 0…, 8…) and, for a partial number, its last digits.
    const full = normalisePhone(text)?.replace(/\D/g, '');
    if (full) numberMatches(db, phoneKey(full), 'phone', 2, want, into);
    const tail = digits.replace(/^0+/, '').replace(/^8(?=\d{10}$)/, '');
    if (tail !== full) numberMatches(db, phoneKey(tail), 'phone', 2, want, into);
    // The first digits of a number being typed: +374…, 0… (national), 00… (international).
    if (!full) for (const start of phoneStarts(text, digits)) phoneStartMatches(db, start, want, into);
  }
}

/** E.164 beginnings a partly typed number may have. */
function phoneStarts(text: string, digits: string): string[] {
  if (text.trimStart().startsWith('+')) return [`+${digits}`];
  if (digits.startsWith('00')) return [`+${digits.slice(2)}`];
  if (digits.startsWith('0')) return [`+${DEFAULT_COUNTRY}${digits.slice(1)}`];
  if (digits.startsWith(DEFAULT_COUNTRY)) return [`+${digits}`];
  return [];
}

function phoneStartMatches(db: DB, start: string, want: number, into: Map<number, Match>): void {
  const persons = sql(db, 'SELECT n FROM persons WHERE phone_normalised >= ? AND phone_normalised < ? LIMIT ?')
    .pluck<number>()
    .all(start, upperBound(start), want);
  const heads = sql(
    db,
    `SELECT p.n FROM households h JOIN persons p ON p.household_id = h.id AND p.relationship = 'head'
     WHERE h.phone_normalised >= ? AND h.phone_normalised < ? LIMIT ?`,
  )
    .pluck<number>()
    .all(start, upperBound(start), want);
  for (const person of [...persons, ...heads]) {
    const m = into.get(person) ?? { score: 0, reasons: new Set<MatchReason>() };
    if (!m.reasons.has('phone')) m.score += 1.5;
    m.reasons.add('phone');
    into.set(person, m);
  }
}

const byName = new Intl.Collator('en');

export function searchPersons(db: DB, query: string, limit: number, onDate: string): SearchHit[] {
  const text = query.trim();
  if (!text) return [];
  const want = slackFor(limit);
  // Persons by number (persons.n), as the search keys hold them.
  const matches = new Map<number, Match>();
  nameMatches(db, nameTokens(text), want, matches);
  numberLookups(db, text, want, matches);
  if (matches.size === 0) return [];
  // Details only for the page and the few a head's or a void's small adjustment may move across its end.
  const ranked = [...matches.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, limit + 10);
  const byNumber = new Map(
    personRows(
      db,
      ranked.map(([n]) => n),
    ).map((r) => [r.n, r]),
  );
  const hits: SearchHit[] = [];
  for (const [n, match] of ranked) {
    const row = byNumber.get(n);
    if (!row) continue;
    refineNameReasons(text, row, match);
    hits.push({
      personId: row.id,
      householdId: row.household_id,
      registrationNumber: row.registration_number,
      name: [row.given_name, row.patronymic, row.family_name].filter(Boolean).join(' '),
      nameLatin: [row.given_name_latin, row.family_name_latin].filter(Boolean).join(' '),
      sex: row.sex,
      age: Math.max(0, ageInYears(row.birth_date, onDate)),
      dateOfBirth: row.birth_date,
      birthKind: row.birth_kind,
      isHead: row.relationship === 'head',
      headName: row.head_name,
      originSettlement: row.origin_settlement,
      originDistrict: row.origin_district,
      householdStatus: row.status,
      // Voided households sink below active ones with the same match.
      score: Math.round((match.score + (row.relationship === 'head' ? 0.05 : 0) - (row.status === 'voided' ? 0.5 : 0)) * 1000) / 1000,
      reasons: [...match.reasons],
    });
  }
  return hits.sort((a, b) => b.score - a.score || byName.compare(a.name, b.name)).slice(0, limit);
}
