import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { RetentionCategory } from '../../api/views-protection.js';
import { CoreError } from '../errors.js';
import type { HouseholdSnapshot } from './snapshot.js';

/**
 * How a version's snapshot is kept in `household_versions.snapshot` (issue 16): the history was 711 MiB of a
 * 1,000,000-person hub's 1.8 GB file, each version's whole JSON as text. Every reader and writer of that column goes
 * through this module; the JSON it gives back is, byte for byte, the text that was stored (batches carry it as it is).
 *
 * Stored form: one format byte, then the snapshot's JSON (UTF-8) compressed with raw DEFLATE (node:zlib) primed with
 * that format's preset dictionary. Format 1 is the dictionary `DICTIONARY_V1` below. A small record compresses poorly
 * on its own (DEFLATE has nothing yet to refer back to); the dictionary gives it the field names, the usual values and
 * the shape of a household and its members to refer to.
 *
 * The dictionary is part of the file format: a shipped dictionary is never changed in place (a test pins its hash);
 * a better one is a new format byte beside the old, and every format ever written stays readable.
 *
 * Measured on 5,000 seeded households (core/seed, as `npm run bench:hub` writes them, 3.4 persons each), mean bytes
 * per snapshot:
 *   JSON text as stored before .............................. 1,791
 *   raw DEFLATE, no dictionary (level 6; level 9: 671) ......   672
 *   Brotli quality 9, text mode (no custom dictionary) ......   630
 *   values only, field names dropped, + DEFLATE + dictionary    374  (a positional format: no better, more to get wrong)
 *   raw DEFLATE + dictionary v1, level 9 (level 6: 367) .....   366  ← chosen: 4.9 times smaller, one call each way
 * Each call costs about 37 µs to write and 22 µs to read a snapshot (the zlib stream's set-up, whatever the level).
 * What is left is mostly what no dictionary knows: the ids (UUIDv7, random hex), names and dates.
 * Storing only the latest version as the live rows plus deltas was not taken: most households have one version (a
 * hub's always, until they are edited), so deltas save little, and rebuilding a version from live rows would put the
 * exactness of every version on code paths other than this one.
 *
 * Beside the snapshot, three small plain columns hold what SQL needs without opening it: `json_bytes` (the JSON's
 * length, which sizes a batch), `members` (its persons, a batch's count) and `holds` (the retention categories it
 * still holds data of, one bit each: `HOLDS_BIT`).
 */

/** Format 1: raw DEFLATE with `DICTIONARY_V1`. */
export const FORMAT_DEFLATE_V1 = 1;

/**
 * Dictionary of format 1. Least likely first, most likely last (DEFLATE reaches the nearest text most cheaply): rare
 * fields and values, the enumerations, then a household's opening and three members as `JSON.stringify` writes them.
 * Never edit: add a format.
 */
export const DICTIONARY_V1 = [
  '"ref":"',
  '"duplicateDecision":{"decision":"same","otherPersonId":"',
  '"decision":"different","otherPersonId":"',
  '"decision":"unsure","otherPersonId":"',
  '"decision":"continued","otherPersonId":"',
  '","score":0.',
  ',"reason":""},',
  '"mergedInto":"',
  '"declaredSize":',
  '"status":"voided","voidReason":"',
  '"consentBasis":"vital_interest"',
  '"mode":"quick"',
  'DS-BD","DS-DF","DS-PM","DS-PS","DS-MM","DS-MS","DS-SD","SM-MI","SM-MN","SM-CI","SM-CC","SM-AD","SM-OT","SC-SC","SC-UC",',
  '"SC-CH","SC-IC","SC-FC","ER-UR","ER-MC","WR-WR","WR-SF","WR-GM","SP-PT","SP-GP","SP-CG","CR-CP","CR-CS","CR-CL","CR-LW",',
  '"CR-AF","CR-CC","CR-TP","CR-LO","FU-TR","FU-FR","LP-ND","LP-BN","LP-AN","LP-DA","LP-MS","LP-RR","LP-AF","SV-VA","SV-VF",',
  '"SV-GM","SV-HP","SV-HK","TR-PI","TR-HO","TR-WV","PG-LW',
  '"documents":[{"type":"passport","number":"',
  '{"type":"local_id","number":"',
  '{"type":"birth_certificate","number":"',
  '{"type":"other","number":"',
  '"relationship":"stepchild"',
  '"relationship":"parent"',
  '"relationship":"sibling"',
  '"relationship":"grandchild"',
  '"relationship":"grandparent"',
  '"relationship":"in_law"',
  '"relationship":"other_relative"',
  '"relationship":"unrelated"',
  '"birth":{"kind":"year","year":19',
  '"birth":{"kind":"age","years":',
  '"specificNeeds":["ER-NF"]',
  '"specificNeeds":["PG-PW"]',
  '"arrivalMeans":"on_foot"',
  '"arrivalMeans":"other"',
  '"arrivalMeans":"unknown"',
  '"arrivalMeans":"truck"',
  '"arrivalMeans":"organised_transport"',
  '"arrivalMeans":"bus"',
  '"arrivalMeans":"car"',
  '"destination":"rented"',
  '"destination":"other"',
  '"destination":"unknown"',
  '"destination":"hotel"',
  '"destination":"relatives"',
  '"destination":"collective_centre"',
  'ович',
  'овна',
  'յան',
  'ян',
  'yan',
  'ovich',
  'ovna',
  '{"id":"","registrationNumber":"","stationId":"","centreCode":"","version":1,"status":"active","voidReason":"",',
  '"registeredAt":"2026-","updatedAt":"2026-","household":{"mode":"full","arrivedAt":"2026-","originSettlement":"",',
  '"originDistrict":"","arrivalMeans":"car","destination":"collective_centre","destinationDetails":"","phone":"+374 ",',
  '"consentTracing":true,"consentBasis":"consent","notes":"","members":[',
  '{"givenName":"","familyName":"","patronymic":"","givenNameLatin":"","familyNameLatin":"","patronymicLatin":"",',
  '"sex":"M","birth":{"kind":"exact","date":"19","relationship":"head","documents":[],"nationality":"",',
  '"specificNeeds":[],"phone":"","notes":"","id":""},',
  '{"givenName":"","familyName":"","patronymic":"","givenNameLatin":"","familyNameLatin":"","patronymicLatin":"",',
  '"sex":"M","birth":{"kind":"exact","date":"19","relationship":"spouse","documents":[],"nationality":"",',
  '"specificNeeds":[],"phone":"","notes":"","id":""},',
  '{"givenName":"","familyName":"","patronymic":"","givenNameLatin":"","familyNameLatin":"","patronymicLatin":"",',
  '"sex":"F","birth":{"kind":"exact","date":"20","relationship":"child","documents":[],"nationality":"",',
  '"specificNeeds":[],"phone":"","notes":"","id":""}]}}',
].join('');

const DICTIONARIES: ReadonlyMap<number, Buffer> = new Map([[FORMAT_DEFLATE_V1, Buffer.from(DICTIONARY_V1, 'utf8')]]);

/**
 * More than any snapshot the schemas allow (40 members with every field at its limit is under 400 kB of JSON): a damaged
 * stored form never inflates without bound.
 */
const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

/** The format new versions are written in. */
const CURRENT_FORMAT = FORMAT_DEFLATE_V1;

/** The retention categories' bits in `household_versions.holds`: part of the file format, never renumbered. */
export const HOLDS_BIT: Readonly<Record<RetentionCategory, number>> = { contact: 1, notes: 2, documents: 4, address: 8 };

/** A version's snapshot as its columns hold it. */
export interface StoredSnapshot {
  snapshot: Buffer;
  jsonBytes: number;
  members: number;
  holds: number;
}

/** What a snapshot looks like to `heldCategories`: loose, as a migration may meet any JSON an older app wrote. */
interface LooseSnapshot {
  household?: { phone?: unknown; notes?: unknown; destinationDetails?: unknown; members?: unknown } | null;
}

const filled = (value: unknown): boolean => typeof value === 'string' && value !== '';
const fieldOf = (value: unknown, key: 'phone' | 'notes' | 'documents'): unknown =>
  typeof value === 'object' && value !== null ? (value as Partial<Record<typeof key, unknown>>)[key] : undefined;
const membersOf = (s: LooseSnapshot): unknown[] => (Array.isArray(s.household?.members) ? s.household.members : []);

/**
 * The bits of the retention categories a snapshot still holds data of (protection/retention.ts strips them): a
 * non-empty phone, notes or destination details, or a document, of the household or one of its members.
 */
export function heldCategories(s: LooseSnapshot): number {
  const h = s.household;
  if (typeof h !== 'object' || h === null) return 0;
  const members = membersOf(s);
  let bits = 0;
  if (filled(h.phone) || members.some((m) => filled(fieldOf(m, 'phone')))) bits |= HOLDS_BIT.contact;
  if (filled(h.notes) || members.some((m) => filled(fieldOf(m, 'notes')))) bits |= HOLDS_BIT.notes;
  if (
    members.some((m) => {
      const d = fieldOf(m, 'documents');
      return Array.isArray(d) && d.length > 0;
    })
  )
    bits |= HOLDS_BIT.documents;
  if (filled(h.destinationDetails)) bits |= HOLDS_BIT.address;
  return bits;
}

/** The stored form of a snapshot's JSON text, exactly as given. */
export function encodeSnapshotJson(json: string): Buffer {
  const dictionary = DICTIONARIES.get(CURRENT_FORMAT)!;
  const body = deflateRawSync(Buffer.from(json, 'utf8'), { level: 9, dictionary });
  const stored = Buffer.allocUnsafe(1 + body.length);
  stored[0] = CURRENT_FORMAT;
  body.copy(stored, 1);
  return stored;
}

/** The snapshot's JSON as UTF-8 bytes, exactly as it was stored (a batch carries these bytes as they are). */
export function decodeSnapshotBytes(stored: Uint8Array): Buffer {
  const format = stored[0];
  const dictionary = format === undefined ? undefined : DICTIONARIES.get(format);
  if (!dictionary) {
    throw new CoreError('internal', `A version of a household is stored in a form this app does not know (format ${format ?? 'none'}): a newer app wrote it.`);
  }
  try {
    return inflateRawSync(stored.subarray(1), { dictionary, maxOutputLength: MAX_SNAPSHOT_BYTES });
  } catch {
    throw new CoreError('internal', 'A version of a household in the file is damaged and cannot be read.');
  }
}

export const decodeSnapshotText = (stored: Uint8Array): string => decodeSnapshotBytes(stored).toString('utf8');

// The stored JSON was written by `storeSnapshot` from a HouseholdSnapshot (or checked as one when a batch brought it).
export const decodeSnapshot = (stored: Uint8Array): HouseholdSnapshot => JSON.parse(decodeSnapshotText(stored)) as HouseholdSnapshot;

/** The columns for a snapshot whose JSON text is `json` (kept exactly) and whose parsed value is `parsed`. */
export function storeSnapshotJson(json: string, parsed: LooseSnapshot): StoredSnapshot {
  return {
    snapshot: encodeSnapshotJson(json),
    jsonBytes: Buffer.byteLength(json, 'utf8'),
    members: membersOf(parsed).length,
    holds: heldCategories(parsed),
  };
}

/** The columns for a snapshot, as the write path stores it. */
export const storeSnapshot = (s: HouseholdSnapshot): StoredSnapshot => storeSnapshotJson(JSON.stringify(s), s);
