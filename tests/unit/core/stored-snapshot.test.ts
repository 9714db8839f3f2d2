import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { cutBatch, pendingRange } from '../../../electron/core/batch/cut.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import type { HouseholdSnapshot } from '../../../electron/core/households/snapshot.js';
import {
  decodeSnapshotText,
  DICTIONARY_V1,
  encodeSnapshotJson,
  FORMAT_DEFLATE_V1,
  heldCategories,
  HOLDS_BIT,
} from '../../../electron/core/households/stored-snapshot.js';
import { loadSnapshot, updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { randomSource, seedHouseholds } from '../../../electron/core/seed/seed.js';
import { cleanupTemp, makeTempCore } from '../../helpers/core.js';
import { syntheticSnapshot } from '../../helpers/snapshots.js';

/**
 * The version history is stored compressed (households/stored-snapshot.ts, issue 16): every snapshot reads back as
 * the very text that was stored, the stored form stays several times smaller than the JSON, and the format's
 * dictionary never changes under a file that was written with it.
 */

afterEach(cleanupTemp);

const AT = '2026-11-20T09:00:00.000Z';

const synthetic = (n: number, rand: () => number, fullNotes = false): string => JSON.stringify(syntheticSnapshot(n, rand, AT, fullNotes));

interface StoredRow {
  household_id: string;
  version: number;
  type: string;
  snapshot: Buffer;
  json_bytes: number;
  members: number;
  holds: number;
}

describe('a stored snapshot', () => {
  it('reads back as the text it was, for every seeded household in every script, and is several times smaller', () => {
    const rand = randomSource(5);
    let json = 0;
    let stored = 0;
    for (let n = 0; n < 2_000; n++) {
      const text = synthetic(n, rand, n % 100 === 0);
      const bytes = encodeSnapshotJson(text);
      expect(bytes[0]).toBe(FORMAT_DEFLATE_V1);
      expect(decodeSnapshotText(bytes)).toBe(text);
      expect(bytes.length).toBeLessThan(Buffer.byteLength(text));
      json += Buffer.byteLength(text);
      stored += bytes.length;
    }
    // About 1,800 bytes of JSON a household store as about 370 (a fifth); without the dictionary they took 670.
    expect(stored / json).toBeLessThan(0.3);
  });

  it('keeps any text exactly: scripts, escapes, characters outside the basic plane, and an empty object', () => {
    for (const text of ['{}', JSON.stringify({ note: 'Ընտանիք Семья family 👨‍👩‍👧 \u0000\n\t"\\ \u2028' }), `{"a":${'1'.repeat(70_000)}}`]) {
      expect(decodeSnapshotText(encodeSnapshotJson(text))).toBe(text);
    }
  });

  it('is refused, with the reason, when its format is not one this app knows (a newer app wrote it, or plain text) or it is damaged', () => {
    const stored = encodeSnapshotJson('{}');
    expect(() => decodeSnapshotText(Buffer.concat([Buffer.from([2]), stored.subarray(1)]))).toThrow(/format 2.*newer app/);
    expect(() => decodeSnapshotText(Buffer.from('{"id":"h1"}'))).toThrow(/format 123/);
    expect(() => decodeSnapshotText(Buffer.alloc(0))).toThrow(/format none/);
    // A damaged stored form (a byte changed, or cut short) is refused as damaged, never read as something else.
    const damaged = encodeSnapshotJson(JSON.stringify({ id: 'h1', household: { members: [] } }));
    expect(() => decodeSnapshotText(damaged.subarray(0, damaged.length - 4))).toThrow(/damaged/);
  });

  it("format 1's dictionary is the one files were written with: never changed in place (add a format instead)", () => {
    expect(Buffer.byteLength(DICTIONARY_V1)).toBe(2722);
    expect(createHash('sha256').update(DICTIONARY_V1).digest('hex')).toBe(DICTIONARY_V1_SHA256);
  });

  it('names the retention categories it holds, one bit each', () => {
    const base = { household: { phone: '', notes: '', destinationDetails: '', members: [{ phone: '', notes: '', documents: [] }] } };
    expect(heldCategories(base)).toBe(0);
    expect(heldCategories({ household: { ...base.household, phone: '+374' } })).toBe(HOLDS_BIT.contact);
    expect(heldCategories({ household: { ...base.household, members: [{ phone: '', notes: 'x', documents: [] }] } })).toBe(HOLDS_BIT.notes);
    expect(heldCategories({ household: { ...base.household, members: [{ documents: [{ type: 'passport', number: '1' }] }] } })).toBe(HOLDS_BIT.documents);
    expect(heldCategories({ household: { ...base.household, destinationDetails: 'Goris, school 3' } })).toBe(HOLDS_BIT.address);
    expect(heldCategories({})).toBe(0);
    expect(heldCategories({ household: null })).toBe(0);
  });
});

describe('the history of a station, written through the one write path', () => {
  it('is stored compressed, with plain columns that agree with the JSON, and batches carry the JSON as it was stored', () => {
    const t = makeTempCore();
    seedHouseholds(t.ctx, SYSTEM_ACTOR, 300, 3);
    const ids = t.db.prepare('SELECT id FROM households ORDER BY id LIMIT 20').pluck().all() as string[];
    for (const [i, id] of ids.entries()) {
      const current = loadSnapshot(t.db, id);
      if (i % 4 === 0) voidHousehold(t.ctx, SYSTEM_ACTOR, { id, expectedVersion: current.version, reason: 'Registered twice' });
      else
        updateHousehold(t.ctx, SYSTEM_ACTOR, {
          id,
          expectedVersion: current.version,
          household: HouseholdSchema.parse({ ...current.household, notes: 'Moved to the school in Goris', destinationDetails: 'School 3' }),
        });
    }
    const rows = t.db
      .prepare(
        'SELECT household_id, version, typeof(snapshot) AS type, snapshot, json_bytes, members, holds FROM household_versions ORDER BY household_id, version',
      )
      .all() as StoredRow[];
    expect(rows).toHaveLength(320);
    let json = 0;
    let stored = 0;
    for (const row of rows) {
      const text = decodeSnapshotText(row.snapshot);
      const parsed = JSON.parse(text) as HouseholdSnapshot;
      // The write path stored JSON.stringify of the snapshot: what comes back is that text, byte for byte.
      expect(JSON.stringify(parsed)).toBe(text);
      expect(row.type).toBe('blob');
      // The guard against the history going back to plain text: a typical household is stored in a third or less.
      expect(row.snapshot.length).toBeLessThan(Buffer.byteLength(text) / 3);
      expect([row.json_bytes, row.members, row.holds]).toEqual([Buffer.byteLength(text), parsed.household.members.length, heldCategories(parsed)]);
      json += row.json_bytes;
      stored += row.snapshot.length;
    }
    expect(stored / json).toBeLessThan(0.3);
    expect(rows.filter((r) => r.version === 2 && r.holds & HOLDS_BIT.address).length).toBeGreaterThan(0);
    for (const id of ids) expect(JSON.stringify(loadSnapshot(t.db, id))).toBe(decodeSnapshotText(rows.findLast((r) => r.household_id === id)!.snapshot));

    // The batch payload carries each version's JSON exactly as stored (its wire format is unchanged).
    const range = pendingRange(t.db)!;
    const { payload, counts } = cutBatch(t.ctx, 'b1', range, { plain: true });
    const carried = payload
      .toString('utf8')
      .split('\n')
      .filter((line) => line.startsWith('{"t":"version"'))
      .map((line) => line.slice(line.indexOf('"snapshot":') + '"snapshot":'.length, -1));
    expect(carried).toEqual(
      (
        t.db
          .prepare('SELECT v.snapshot FROM change_log c JOIN household_versions v ON v.household_id = c.entity_id AND v.version = c.version ORDER BY c.seq')
          .pluck()
          .all() as Buffer[]
      ).map(decodeSnapshotText),
    );
    expect(counts).toMatchObject({ households: 300, versions: 320, persons: rows.filter((r) => r.version === 1).reduce((n, r) => n + r.members, 0) });
  });
});

/** SHA-256 of DICTIONARY_V1 as shipped. */
const DICTIONARY_V1_SHA256 = 'b298868811c99a873e374cadeabcc201f21594667726e02d1f598b84b90cd1b1';
