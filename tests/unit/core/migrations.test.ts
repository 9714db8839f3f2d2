import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, eventHash, GENESIS_HASH, verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { closeDatabase, openDatabase, type DB } from '../../../electron/core/db/open.js';
import { decodeSnapshotText, HOLDS_BIT } from '../../../electron/core/households/stored-snapshot.js';
import { reasonsOfStored } from '../../../electron/core/duplicates/stored-reasons.js';
import { blockBase, blockKey, blockNamesOf, filingOf } from '../../../electron/core/duplicates/blocks.js';
import { idNumber } from '../../../electron/core/duplicates/scorer-copy.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';

/**
 * One case per migration, as Signal's migration tests do: migrate a file to the version before it, write what that
 * schema can hold, migrate to the migration's version, then check its tables, columns, indexes and triggers, and that
 * every row written before is still there, unchanged. A migration added without a case fails the first test.
 */

afterEach(cleanupTemp);

const AT = '2026-11-20T09:00:00.000Z';
const STATION_ID = 'station-1';

// ---- What older schemas can hold, written with plain SQL (the app's current code may expect newer columns). ----

function seedStation(db: DB): void {
  db.prepare(
    "INSERT INTO station (id, code, label, centre_code, centre_name, role, created_at, next_number) VALUES (?, 'KQ7M', 'Desk 1', 'GRS1', 'Goris', 'station', ?, 3)",
  ).run(STATION_ID, AT);
  db.prepare("INSERT INTO settings (key, value) VALUES ('lock_after_seconds', '300')").run();
}

/** `kinds`: search keys still have their kind (before 12); `compact`: the history is stored compactly (15 and after). */
function seedHousehold(db: DB, id: string, number: string, kinds = true, compact = false): void {
  db.prepare(
    `INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at, updated_at,
       mode, phone, phone_normalised, size, head_name, head_name_latin, version)
     VALUES (?, ?, ?, 'GRS1', ?, '2026-11-20', ?, ?, 'full', '+374 91 123456', '+37491123456', 2, 'Արամ Սարգսյան', 'Aram Sargsyan', 1)`,
  ).run(id, number, STATION_ID, AT, AT, AT);
  const person = db.prepare(
    `INSERT INTO persons (id, household_id, position, relationship, given_name, family_name, given_name_latin, family_name_latin,
       sex, birth_kind, birth_value, birth_date, specific_needs)
     VALUES (?, ?, ?, ?, ?, 'Սարգսյան', ?, 'Sargsyan', ?, 'exact', ?, ?, ?)`,
  );
  person.run(`${id}-p1`, id, 0, 'head', 'Արամ', 'Aram', 'M', '1980-05-12', '1980-05-12', '[]');
  person.run(`${id}-p2`, id, 1, 'child', 'Մարիամ', 'Mariam', 'F', '2020-11-20', '2020-11-20', '["DS-PM"]');
  if (kinds) db.prepare("INSERT INTO search_keys (key, person_id, kind) VALUES ('n:sarksian', ?, 'name'), ('n:aram', ?, 'name')").run(`${id}-p1`, `${id}-p1`);
  else if (columns(db, 'search_keys').includes('person_id'))
    db.prepare("INSERT INTO search_keys (key, person_id) VALUES ('n:sarksian', ?), ('n:aram', ?)").run(`${id}-p1`, `${id}-p1`);
  else {
    // Schema 22 and after: persons are numbered, and keys name them by number.
    db.prepare('UPDATE persons SET n = rowid WHERE household_id = ?').run(id);
    db.prepare('INSERT INTO search_keys (key, person) SELECT k.value, n FROM persons, json_each(\'["n:sarksian","n:aram"]\') k WHERE persons.id = ?').run(
      `${id}-p1`,
    );
  }
  if (compact) {
    db.prepare(
      "INSERT INTO household_versions (household_id, version, at, operator, action, snapshot, json_bytes, members, holds) VALUES (?, 1, ?, 'Desk', 'registered', zeroblob(1), 2, 0, 0)",
    ).run(id, AT);
  } else
    db.prepare("INSERT INTO household_versions (household_id, version, at, operator, action, snapshot) VALUES (?, 1, ?, 'Desk', 'registered', '{}')").run(
      id,
      AT,
    );
  db.prepare("INSERT INTO change_log (at, entity, entity_id, version, op) VALUES (?, 'household', ?, 1, 'registered')").run(AT, id);
  db.prepare("INSERT INTO drafts (owner, saved_at, payload) VALUES (?, ?, '{}')").run(`desk-${id}`, AT);
}

/** Ticket A-001 of 2026-12-03, issued by `issuedBy`, as the queue's tables held it before schema 20. */
function seedTicket(db: DB, issuedBy: string): void {
  db.prepare(
    `INSERT INTO queue_tickets (id, prefix, seq, day, issued_at, issued_by, household_size, language) VALUES ('t1', 'A', 1, '2026-12-03', ?, ?, 2, 'hy')`,
  ).run(AT, issuedBy);
}

/** A version as the app wrote it before schema 14: its JSON text, with a phone, notes and a document. */
const V2_JSON = JSON.stringify({
  id: 'h1',
  registrationNumber: 'KQ7M-00001-X',
  version: 2,
  household: {
    phone: '+374 91 123456',
    notes: 'Ընտանիքը ժամանել է ուշ',
    destinationDetails: '',
    members: [
      { givenName: 'Արամ', phone: '', notes: '', documents: [{ type: 'passport', number: 'AM 1234567' }] },
      { givenName: 'Մարիամ', phone: '', notes: '', documents: [] },
    ],
  },
});

/** Schema 1 had no audit head: events are chained by hand, as the app of that time wrote them. */
function seedAuditWithoutHead(db: DB, count: number): void {
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const event = { at: AT, operator: 'Desk', action: 'household.registered', entity: 'household', entityId: `h${seq}`, detail: { seq } };
    const hash = eventHash(prev, seq, event);
    db.prepare('INSERT INTO audit_events (seq, at, operator, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      seq,
      event.at,
      event.operator,
      event.action,
      event.entity,
      event.entityId,
      JSON.stringify(event.detail),
      prev,
      hash,
    );
    prev = hash;
  }
}

function seedAudit(db: DB, count: number): void {
  for (let n = 1; n <= count; n++) {
    db.transaction(() => appendAudit(db, { at: AT, operator: 'Desk', action: 'search', entity: 'search', entityId: '', detail: { n } }))();
  }
}

function seedBatch(db: DB, id: string): void {
  db.prepare(
    `INSERT INTO batches (id, station_id, sequence_from, sequence_to, audit_from, audit_to, households, persons, events, sha256,
       payload_sha256, bytes, hub_fingerprint, file_path, created_at)
     VALUES (?, ?, 1, 2, 1, 3, 2, 4, 3, 'aa', 'bb', 1234, 'hub-fp', '/media/usb/batch.intake', ?)`,
  ).run(id, STATION_ID, AT);
}

// ---- Reading the schema back. ----

const objects = (db: DB, type: 'table' | 'index' | 'trigger'): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(type) as string[];
const columns = (db: DB, table: string): string[] => db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
const indexColumns = (db: DB, index: string): string[] => db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index) as string[];

/** Every row of every table, by table, in a stable order. */
function dump(db: DB): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const table of objects(db, 'table')) {
    out.set(table, db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all() as Record<string, unknown>[]);
  }
  return out;
}

/** Rows of the tables that existed before, read through the columns they had then: nothing lost, nothing changed. */
function expectSurvived(before: Map<string, Record<string, unknown>[]>, after: DB, dropped: Record<string, string[]> = {}): void {
  for (const [table, all] of before) {
    const gone = dropped[table] ?? [];
    if (gone.includes('*')) {
      expect(objects(after, 'table'), table).not.toContain(table);
      continue;
    }
    // Every row rewritten (the case's verify reads them).
    if (gone.includes('rows')) continue;
    const rows = all.map((row) => Object.fromEntries(Object.entries(row).filter(([c]) => !gone.includes(c))));
    const first = rows[0];
    const cols = first ? Object.keys(first) : columns(after, table).filter((c) => !gone.includes(c));
    const list = cols.map((c) => `"${c}"`).join(', ');
    const now = after.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${cols.length > 1 ? '1, 2' : '1'}`).all();
    expect(now, `rows of ${table}`).toEqual(rows);
  }
}

interface MigrationCase {
  version: number;
  /** What the schema before this migration can hold. */
  seed(db: DB): void;
  /** Tables this migration creates or extends, with columns that must now exist. */
  tables: Record<string, string[]>;
  indexes?: Record<string, string[]>;
  triggers?: string[];
  /** Checks of what the migration does to the data already there. */
  verify?(db: DB): void;
  /** Columns the migration removes (the rest of each row must survive); '*' for a table it removes; 'rows' for one it rewrites. */
  dropped?: Record<string, string[]>;
}

const CASES: MigrationCase[] = [
  {
    version: 1,
    // An empty file: there is nothing a schema 0 could hold.
    seed: () => {},
    tables: {
      station: ['id', 'code', 'label', 'centre_code', 'centre_name', 'role', 'created_at', 'next_number'],
      settings: ['key', 'value'],
      households: [
        'id',
        'registration_number',
        'station_id',
        'centre_code',
        'arrived_at',
        'arrival_date',
        'registered_at',
        'updated_at',
        'mode',
        'origin_settlement',
        'origin_district',
        'arrival_means',
        'destination',
        'destination_details',
        'phone',
        'phone_normalised',
        'consent_tracing',
        'consent_basis',
        'notes',
        'declared_size',
        'size',
        'head_name',
        'head_name_latin',
        'status',
        'void_reason',
        'version',
      ],
      persons: [
        'id',
        'household_id',
        'position',
        'relationship',
        'given_name',
        'family_name',
        'patronymic',
        'given_name_latin',
        'family_name_latin',
        'patronymic_latin',
        'sex',
        'birth_kind',
        'birth_value',
        'birth_date',
        'nationality',
        'documents',
        'specific_needs',
        'phone',
        'phone_normalised',
        'notes',
        'ref',
      ],
      search_keys: ['key', 'person_id', 'kind'],
      household_versions: ['household_id', 'version', 'at', 'operator', 'action', 'reason', 'snapshot'],
      audit_events: ['seq', 'at', 'operator', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'],
      change_log: ['seq', 'at', 'entity', 'entity_id', 'version', 'op'],
      drafts: ['owner', 'saved_at', 'payload'],
    },
    indexes: {
      households_registered: ['registered_at'],
      households_arrival_date: ['arrival_date'],
      households_phone: ['phone_normalised'],
      persons_household: ['household_id', 'position'],
      persons_phone: ['phone_normalised'],
      search_keys_key: ['key', 'person_id'],
      search_keys_person: ['person_id'],
      change_log_entity: ['entity', 'entity_id'],
    },
    verify(db) {
      // The schema takes what the write path writes, and members go with their household.
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      expect(db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(2);
      db.prepare("DELETE FROM households WHERE id = 'h1'").run();
      expect(db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM search_keys').pluck().get()).toBe(0);
      seedHousehold(db, 'h2', 'KQ7M-00002-X');
      expect(() => db.prepare("UPDATE households SET status = 'deleted' WHERE id = 'h2'").run()).toThrow(/CHECK/);
    },
  },
  {
    version: 2,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      seedHousehold(db, 'h2', 'KQ7M-00002-X');
      seedAuditWithoutHead(db, 3);
    },
    tables: {
      operators: [
        'id',
        'name',
        'name_key',
        'role',
        'secret_kind',
        'secret_hash',
        'active',
        'failed_attempts',
        'next_attempt_at',
        'locked_out',
        'created_at',
        'created_by',
        'updated_at',
        'last_sign_in_at',
      ],
      household_versions: ['operator_id'],
      audit_head: ['id', 'seq', 'hash'],
    },
    indexes: { audit_events_entity: ['entity', 'entity_id'] },
    triggers: ['audit_events_no_update', 'audit_events_no_delete', 'audit_head_no_delete'],
    verify(db) {
      const last = db.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get();
      expect(db.prepare('SELECT seq, hash FROM audit_head').all()).toEqual([{ seq: 3, hash: last }]);
      expect(verifyAuditChain(db)).toEqual({ ok: true, events: 3, headSeq: 3 });
      expect(db.prepare('SELECT DISTINCT operator_id FROM household_versions').pluck().all()).toEqual(['']);
      expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 1').run()).toThrow(/append-only/);
    },
  },
  {
    version: 3,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      seedAudit(db, 2);
    },
    tables: {
      station: ['public_key'],
      batches: [
        'id',
        'station_id',
        'sequence_from',
        'sequence_to',
        'audit_from',
        'audit_to',
        'households',
        'persons',
        'events',
        'deletions',
        'sha256',
        'payload_sha256',
        'bytes',
        'hub_fingerprint',
        'file_path',
        'status',
        'created_at',
        'uploaded_at',
        'acknowledged_at',
        'receipt',
      ],
      known_stations: [
        'station_id',
        'public_key',
        'fingerprint',
        'station_code',
        'label',
        'centre_code',
        'centre_name',
        'first_seen_at',
        'accepted_by',
        'last_import_at',
      ],
      received_batches: [
        'id',
        'station_id',
        'sequence_from',
        'sequence_to',
        'sha256',
        'payload_sha256',
        'households',
        'persons',
        'events',
        'deletions',
        'applied',
        'skipped',
        'file_name',
        'created_at',
        'received_at',
        'received_by',
      ],
      station_events: ['station_id', 'seq', 'at', 'operator', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash', 'batch_id'],
      deleted_households: ['id', 'station_id', 'version', 'deleted_at', 'batch_id'],
    },
    indexes: { batches_sequence: ['sequence_to'], batches_status: ['status', 'created_at'], received_batches_station: ['station_id', 'sequence_from'] },
    verify(db) {
      expect(db.prepare('SELECT public_key FROM station').pluck().all()).toEqual([null]);
      expect(verifyAuditChain(db)).toMatchObject({ ok: true, events: 2 });
      seedBatch(db, 'b1');
      expect(db.prepare("SELECT status FROM batches WHERE id = 'b1'").pluck().get()).toBe('written');
      // A range of the change log leaves in exactly one batch.
      expect(() => seedBatch(db, 'b2')).toThrow(/UNIQUE/);
    },
  },
  {
    version: 4,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      seedHousehold(db, 'h2', 'KQ7M-00002-X');
      db.prepare("INSERT INTO search_keys (key, person_id, kind) VALUES ('p:65432119473', 'h1-p1', 'phone')").run();
    },
    tables: {
      search_vocab: ['key', 'persons'],
      duplicate_pairs: [
        'person_a',
        'person_b',
        'household_a',
        'household_b',
        'score',
        'reasons',
        'source',
        'found_at',
        'status',
        'kept_person',
        'resolved_at',
        'resolved_by',
        'note',
      ],
      duplicate_decisions: [
        'seq',
        'at',
        'operator',
        'operator_id',
        'context',
        'decision',
        'person_id',
        'household_id',
        'other_person_id',
        'other_household_id',
        'score',
        'reason',
      ],
      list_imports: ['id', 'at', 'operator', 'file_name', 'sha256', 'households', 'persons', 'flagged'],
    },
    indexes: {
      search_keys_person: ['person_id', 'key'],
      duplicate_pairs_queue: ['status', 'score'],
      duplicate_pairs_b: ['person_b'],
      duplicate_decisions_person: ['person_id'],
      duplicate_decisions_household: ['household_id'],
    },
    triggers: ['search_vocab_add', 'search_vocab_remove'],
    verify(db) {
      // The vocabulary starts from the name keys already there (each seeded household's head has two), not the phone key.
      const vocab = () => db.prepare('SELECT key, persons FROM search_vocab ORDER BY key').all();
      expect(vocab()).toEqual([
        { key: 'n:aram', persons: 2 },
        { key: 'n:sarksian', persons: 2 },
      ]);
      // ...and the triggers keep it: a new name key counts, a household's removal (cascading to its keys) uncounts.
      db.prepare("INSERT INTO search_keys (key, person_id, kind) VALUES ('n:mariam', 'h2-p2', 'name')").run();
      db.prepare("DELETE FROM households WHERE id = 'h1'").run();
      expect(vocab()).toEqual([
        { key: 'n:aram', persons: 1 },
        { key: 'n:mariam', persons: 1 },
        { key: 'n:sarksian', persons: 1 },
      ]);
      expect(() =>
        db
          .prepare(
            "INSERT INTO duplicate_pairs (person_a, person_b, household_a, household_b, score, source, found_at) VALUES ('b', 'a', 'h1', 'h2', 0.9, 'review', ?)",
          )
          .run(AT),
      ).toThrow(/CHECK/);
    },
  },
  {
    version: 5,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      seedBatch(db, 'b1');
      seedAudit(db, 2);
    },
    tables: { slip_prints: ['seq', 'household_id', 'print_number', 'at', 'operator', 'language', 'layout'] },
    verify(db) {
      const print = db.prepare("INSERT INTO slip_prints (household_id, print_number, at, operator, language, layout) VALUES (?, ?, ?, 'Desk', 'hy', 'a6')");
      print.run('h1', 1, AT);
      expect(() => print.run('h1', 1, AT)).toThrow(/UNIQUE/);
      expect(() => print.run('no-such-household', 1, AT)).toThrow(/FOREIGN KEY/);
    },
  },
  {
    version: 6,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      seedBatch(db, 'b1');
      db.prepare("INSERT INTO slip_prints (household_id, print_number, at, operator, language, layout) VALUES ('h1', 1, ?, 'Desk', 'hy', 'a6')").run(AT);
    },
    tables: {
      sync_outbox: [
        'batch_id',
        'state',
        'attempts',
        'next_attempt_at',
        'last_attempt_at',
        'last_error',
        'last_error_code',
        'refused_code',
        'refused_reason',
        'refused_at',
      ],
      sync_status: ['id', 'online', 'last_checked_at', 'last_success_at', 'next_attempt_at', 'failures', 'last_error', 'last_error_code', 'last_error_at'],
    },
    verify(db) {
      expect(db.prepare('SELECT id, online, failures FROM sync_status').all()).toEqual([{ id: 1, online: null, failures: 0 }]);
      db.prepare("INSERT INTO sync_outbox (batch_id) VALUES ('b1')").run();
      expect(db.prepare("SELECT state, attempts FROM sync_outbox WHERE batch_id = 'b1'").get()).toEqual({ state: 'waiting', attempts: 0 });
      expect(() => db.prepare("INSERT INTO sync_outbox (batch_id) VALUES ('no-such-batch')").run()).toThrow(/FOREIGN KEY/);
    },
  },
  // hub trust (issue 11): owners from the households and deletion marks already held; enrolled keys from known stations
  {
    version: 7,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      db.prepare("INSERT INTO known_stations (station_id, public_key, fingerprint, first_seen_at, accepted_by) VALUES ('s1', 'k1', 'f1', ?, 'Admin')").run(AT);
      db.prepare("INSERT INTO deleted_households (id, station_id, version, deleted_at, batch_id) VALUES ('h9', 's1', 2, ?, 'b1')").run(AT);
    },
    tables: {
      household_owners: ['household_id', 'station_id', 'since', 'moved_from'],
      station_deletions: ['station_id', 'household_id', 'version', 'deleted_at', 'batch_id'],
      enrolled_keys: ['public_key', 'fingerprint', 'enrolled_at', 'enrolled_by', 'revoked_at', 'revoked_by', 'revoked_reason'],
      station_attempts: ['public_key', 'fingerprint', 'station_id', 'label', 'centre', 'remote', 'first_at', 'last_at', 'attempts'],
      hub_refusal_counts: ['code', 'count', 'last_at'],
    },
    verify(db) {
      expect(db.prepare('SELECT household_id, station_id FROM household_owners ORDER BY 1').all()).toEqual([
        { household_id: 'h1', station_id: db.prepare("SELECT station_id FROM households WHERE id = 'h1'").pluck().get() },
        { household_id: 'h9', station_id: 's1' },
      ]);
      expect(db.prepare('SELECT station_id, household_id FROM station_deletions').all()).toEqual([{ station_id: 's1', household_id: 'h9' }]);
      expect(db.prepare('SELECT public_key, enrolled_by, revoked_at FROM enrolled_keys').all()).toEqual([
        { public_key: 'k1', enrolled_by: 'Admin', revoked_at: null },
      ]);
    },
  },
  // Audit anchor (issue 11): signed heads of the trail, at the station and as each station sent them to the hub.
  {
    version: 8,
    seed(db) {
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      seedBatch(db, 'b1');
    },
    tables: {
      audit_signed_heads: ['seq', 'hash', 'signed_at', 'signature', 'batch_id'],
      station_audit_heads: ['station_id', 'batch_id', 'seq', 'hash', 'signed_at', 'signature', 'received_at'],
    },
    indexes: { station_audit_heads_seq: ['station_id', 'seq'] },
    verify(db) {
      db.prepare("INSERT INTO audit_signed_heads (seq, hash, signed_at, signature, batch_id) VALUES (3, 'h', ?, 's', 'b1')").run(AT);
      expect(() => db.prepare("INSERT INTO audit_signed_heads (seq, hash, signed_at, signature) VALUES (3, 'x', ?, 's')").run(AT)).toThrow(/UNIQUE/);
    },
  },
  // desk-data (issue 13); its data changes are tested in migration-009.test.ts.
  {
    version: 9,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      // The head's phone key as libphonenumber-js reads the family's phone: rebuilt the same.
      db.prepare("INSERT INTO search_keys (key, person_id, kind) VALUES ('p:65432119473', 'h1-p1', 'phone')").run();
    },
    tables: {},
    verify(db) {
      db.prepare(
        "INSERT INTO duplicate_decisions (at, operator, context, decision, person_id, household_id, other_person_id, other_household_id) VALUES (?, 'Desk', 'intake', 'unsure', 'a', 'h1', 'b', 'h2')",
      ).run(AT);
    },
  },
  // Duplicates across centres (issue 14): pairs found at the hub and the links made there.
  {
    version: 10,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
    },
    tables: {
      hub_pairs: [
        'person_a',
        'person_b',
        'household_a',
        'household_b',
        'station_a',
        'station_b',
        'centre_a',
        'centre_b',
        'score',
        'reasons',
        'batch_id',
        'found_at',
        'status',
        'decided_at',
        'decided_by',
        'note',
      ],
    },
    indexes: { hub_pairs_queue: ['status', 'found_at'], hub_pairs_b: ['person_b'] },
    verify(db) {
      const pair = db.prepare(`INSERT INTO hub_pairs (person_a, person_b, household_a, household_b, station_a, station_b, centre_a, centre_b, score, found_at)
        VALUES (?, ?, 'h1', 'h2', ?, 'st-b', 'GRS1', 'YRV1', 0.9, ?)`);
      pair.run('p1', 'p2', 'st-a', AT);
      expect(db.prepare('SELECT status FROM hub_pairs').pluck().get()).toBe('open');
      expect(() => pair.run('p2', 'p1', 'st-a', AT)).toThrow(/CHECK/);
      expect(() => pair.run('p1', 'p3', 'st-b', AT)).toThrow(/CHECK/);
    },
  },
  // Duplicate blocks (issue 14), as first stored: migration 014 replaced the table and files every person there.
  {
    version: 11,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
    },
    tables: { dup_blocks: ['block', 'birth_year', 'person_id', 'exact_date', 'other'] },
    indexes: { dup_blocks_person: ['person_id'] },
    verify(db) {
      expect(db.prepare('SELECT count(*) FROM dup_blocks').pluck().get()).toBe(0);
    },
  },
  // A hub of a million persons (issue 16): figures kept as counts; search keys WITHOUT ROWID, counted per batch.
  // Its search results before and after are compared in migration-012.test.ts.
  {
    version: 12,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X');
      seedHousehold(db, 'h2', 'KQ7M-00002-X');
      db.prepare("UPDATE households SET status = 'voided' WHERE id = 'h2'").run();
    },
    tables: { figure_counts: ['arrival_date', 'centre_code', 'kind', 'bucket', 'n'] },
    indexes: { search_keys_person: ['person_id', 'key'] },
    dropped: { search_keys: ['kind'] },
    verify(db) {
      // Filled from the rows held: the active household only (its head 45, its child 6, with a need of DS).
      expect(db.prepare('SELECT kind, bucket, n FROM figure_counts ORDER BY kind, bucket').all()).toEqual([
        { kind: 'h', bucket: '', n: 1 },
        { kind: 'n', bucket: 'DS', n: 1 },
        { kind: 'p', bucket: 'F|5-11', n: 1 },
        { kind: 'p', bucket: 'M|18-59', n: 1 },
      ]);
      expect(columns(db, 'search_keys')).toEqual(['key', 'person_id']);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_keys'").pluck().get()).toMatch(/WITHOUT ROWID/);
      expect(objects(db, 'index').filter((i) => i.startsWith('search_keys'))).toEqual(['search_keys_person']);
      expect(objects(db, 'trigger')).not.toContain('search_vocab_add');
      expect(db.prepare('SELECT key, persons FROM search_vocab WHERE persons > 0 ORDER BY key').all()).toEqual([
        { key: 'n:aram', persons: 2 },
        { key: 'n:sarksian', persons: 2 },
      ]);
      // Members still take their keys with them.
      db.prepare("DELETE FROM households WHERE id = 'h1'").run();
      expect(db.prepare('SELECT count(*) FROM search_keys').pluck().get()).toBe(2);
    },
  },
  // The crowd at the door (issue 17): queue tickets and calls, and the greeter role (the operators table rebuilt).
  {
    version: 13,
    seed(db) {
      seedStation(db);
      const operator =
        db.prepare(`INSERT INTO operators (id, name, name_key, role, secret_kind, secret_hash, active, failed_attempts, locked_out, created_at, created_by, updated_at)
        VALUES (?, ?, ?, ?, 'password', 'scrypt$x', 1, ?, 0, ?, 'system', ?)`);
      operator.run('op-1', 'Ani', 'ani', 'admin', 0, AT, AT);
      operator.run('op-2', 'Raffi', 'raffi', 'registrar', 2, AT, AT);
    },
    tables: {
      queue_tickets: [
        'id',
        'prefix',
        'seq',
        'day',
        'issued_at',
        'issued_by',
        'household_size',
        'language',
        'priority_reasons',
        'head_name',
        'status',
        'for_desk',
        'skipped_by',
        'first_called_at',
        'called_at',
        'called_desk',
        'calls',
        'finished_at',
        'household_id',
        'carried_from',
      ],
      queue_calls: ['seq', 'ticket_id', 'desk', 'at'],
    },
    indexes: { queue_tickets_open: ['day', 'status'] },
    verify(db) {
      const operator = db.prepare(`INSERT INTO operators (id, name, name_key, role, secret_kind, secret_hash, created_at, created_by, updated_at)
        VALUES (?, ?, ?, ?, 'pin', 'scrypt$y', ?, 'op-1', ?)`);
      operator.run('op-3', 'Gor', 'gor', 'greeter', AT, AT);
      expect(() => operator.run('op-4', 'Eve', 'eve', 'owner', AT, AT)).toThrow(/CHECK/);
      expect(() => operator.run('op-5', 'Ani', 'ani', 'greeter', AT, AT)).toThrow(/UNIQUE/);
      const ticket = db.prepare(`INSERT INTO queue_tickets (id, prefix, seq, day, issued_at, issued_by, household_size, language)
        VALUES (?, 'A', ?, '2026-11-20', ?, 'op-3', 3, 'hy')`);
      ticket.run('t1', 1, AT);
      expect(() => ticket.run('t2', 1, AT)).toThrow(/UNIQUE/);
      expect(db.prepare('SELECT status FROM queue_tickets').pluck().get()).toBe('waiting');
    },
  },
  // Duplicate keys stored compactly (issue 16's file size): persons numbered, the old blocks gone; the keys of
  // persons already held are compared with the write path's in migration-014.test.ts.
  {
    version: 14,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X', false);
      seedHousehold(db, 'h2', 'KQ7M-00002-X', false);
    },
    tables: { persons: ['n'], dup_keys: ['key', 'person', 'other', 'born'] },
    indexes: { persons_n: ['n'] },
    dropped: { dup_blocks: ['*'] },
    verify(db) {
      const numbers = db.prepare('SELECT n FROM persons ORDER BY n').pluck().all();
      expect(numbers).toHaveLength(4);
      expect(new Set(numbers).size).toBe(4);
      expect(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get('dup_keys')).toMatch(/WITHOUT ROWID/);
      expect(objects(db, 'index').filter((i) => i.startsWith('dup_'))).toEqual([]);
      // The head, born 1980-05-12, filed with the date; the child of 2020 too; nobody else.
      expect(db.prepare('SELECT DISTINCT born FROM dup_keys ORDER BY born').pluck().all()).toEqual([19800512, 20201120]);
      expect(db.prepare('SELECT count(DISTINCT person) FROM dup_keys').pluck().get()).toBe(4);
      expect(() => db.prepare("UPDATE persons SET n = (SELECT min(n) FROM persons) WHERE id = 'h2-p2'").run()).toThrow(/UNIQUE/);
    },
  },
  // The history stored compactly (issue 16): snapshots compressed into a BLOB, with the plain columns SQL needs.
  // A file of many versions, migrated in steps, is compared version by version in migration-015.test.ts.
  {
    version: 15,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X', false);
      db.prepare(
        "INSERT INTO household_versions (household_id, version, at, operator, action, reason, snapshot, operator_id) VALUES ('h1', 2, ?, 'Desk', 'edited', '', ?, 'op-1')",
      ).run(AT, V2_JSON);
    },
    tables: { household_versions: ['json_bytes', 'members', 'holds'] },
    // Its text is now compressed (checked below, decoded); every other column of every row is as it was.
    dropped: { household_versions: ['snapshot'] },
    verify(db) {
      const rows = db
        .prepare('SELECT version, typeof(snapshot) AS type, snapshot, json_bytes, members, holds, operator_id FROM household_versions ORDER BY version')
        .all() as { version: number; type: string; snapshot: Buffer; json_bytes: number; members: number; holds: number; operator_id: string }[];
      expect(rows.map((r) => ({ ...r, snapshot: decodeSnapshotText(r.snapshot) }))).toEqual([
        { version: 1, type: 'blob', snapshot: '{}', json_bytes: 2, members: 0, holds: 0, operator_id: '' },
        {
          version: 2,
          type: 'blob',
          snapshot: V2_JSON,
          json_bytes: Buffer.byteLength(V2_JSON),
          members: 2,
          holds: HOLDS_BIT.contact | HOLDS_BIT.notes | HOLDS_BIT.documents,
          operator_id: 'op-1',
        },
      ]);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'household_versions'").pluck().get()).toMatch(/STRICT, WITHOUT ROWID/);
      expect(db.prepare("SELECT name FROM pragma_table_info('household_versions') WHERE pk > 0 ORDER BY pk").pluck().all()).toEqual([
        'household_id',
        'version',
      ]);
      expect(db.prepare('SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(\'household_versions\')').all()).toEqual([
        { table: 'households', from: 'household_id', to: 'id', on_delete: 'CASCADE' },
      ]);
      expect(objects(db, 'table')).not.toContain('household_versions_compact');
      // Versions still go with their household.
      db.prepare("DELETE FROM households WHERE id = 'h1'").run();
      expect(db.prepare('SELECT count(*) FROM household_versions').pluck().get()).toBe(0);
    },
  },
  // The count of pairs across centres waiting for a decision, kept by triggers (issue 16's figures at any size).
  {
    version: 16,
    seed(db) {
      const pair =
        db.prepare(`INSERT INTO hub_pairs (person_a, person_b, household_a, household_b, station_a, station_b, centre_a, centre_b, score, found_at, status)
        VALUES (?, ?, 'h1', 'h2', 'st-a', 'st-b', 'GRS1', 'YRV1', 0.9, ?, ?)`);
      pair.run('p1', 'p2', AT, 'open');
      pair.run('p1', 'p3', AT, 'open');
      pair.run('p1', 'p4', AT, 'linked');
    },
    tables: { hub_pair_counts: ['status', 'n'] },
    triggers: ['hub_pairs_count_add', 'hub_pairs_count_remove', 'hub_pairs_count_move'],
    verify(db) {
      const counts = () =>
        db
          .prepare(
            "SELECT s.status, coalesce((SELECT n FROM hub_pair_counts c WHERE c.status = s.status), 0) FROM (SELECT 'different' AS status UNION ALL SELECT 'linked' UNION ALL SELECT 'open') s ORDER BY 1",
          )
          .raw()
          .all();
      const recount = () =>
        db
          .prepare(
            "SELECT s.status, (SELECT count(*) FROM hub_pairs p WHERE p.status = s.status) FROM (SELECT 'different' AS status UNION ALL SELECT 'linked' UNION ALL SELECT 'open') s ORDER BY 1",
          )
          .raw()
          .all();
      expect(counts()).toEqual([
        ['different', 0],
        ['linked', 1],
        ['open', 2],
      ]);
      db.prepare(
        `INSERT INTO hub_pairs (person_a, person_b, household_a, household_b, station_a, station_b, centre_a, centre_b, score, found_at)
        VALUES ('p2', 'p5', 'h1', 'h2', 'st-a', 'st-b', 'GRS1', 'YRV1', 0.8, ?)
        ON CONFLICT (person_a, person_b) DO UPDATE SET score = excluded.score`,
      ).run(AT);
      db.prepare(
        `INSERT INTO hub_pairs (person_a, person_b, household_a, household_b, station_a, station_b, centre_a, centre_b, score, found_at)
        VALUES ('p1', 'p2', 'h1', 'h2', 'st-a', 'st-b', 'GRS1', 'YRV1', 0.8, ?)
        ON CONFLICT (person_a, person_b) DO UPDATE SET score = excluded.score`,
      ).run(AT);
      db.prepare("UPDATE hub_pairs SET status = 'different' WHERE person_b = 'p3'").run();
      db.prepare("UPDATE hub_pairs SET status = 'open', note = 'undone' WHERE person_b = 'p4'").run();
      db.prepare("UPDATE hub_pairs SET note = 'looked at' WHERE person_b = 'p2'").run();
      db.prepare("DELETE FROM hub_pairs WHERE person_b = 'p5'").run();
      expect(counts()).toEqual(recount());
      expect(counts()).toEqual([
        ['different', 1],
        ['linked', 0],
        ['open', 2],
      ]);
    },
  },
  // One centre, many desks (issue 17): the queue host's members and leases; a desk's lease copy and outbox.
  {
    version: 17,
    seed(db) {
      seedStation(db);
    },
    tables: {
      queue_members: ['public_key', 'fingerprint', 'label', 'role', 'prefix', 'status', 'asked_at', 'admitted_at', 'admitted_by', 'revoked_at'],
      queue_leases: ['ticket_id', 'desk', 'member_key', 'leased_at', 'expires_at'],
      queue_applied: ['event_id', 'member_key', 'outcome', 'ticket_id', 'at'],
      queue_held: ['ticket_id', 'ticket', 'issued_at', 'priority', 'state', 'usable_until'],
      queue_outbox: ['seq', 'event_id', 'event'],
    },
    indexes: { queue_members_prefix: ['prefix'], queue_members_label: ['label'], queue_leases_desk: ['desk'] },
    verify(db) {
      const member = db.prepare(`INSERT INTO queue_members (public_key, fingerprint, label, role, prefix, status, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
      member.run('k1', 'f1', 'Door', 'greeter', 'B', 'member', AT);
      // Two greeters never share a prefix; a desk has none; a member has a role.
      expect(() => member.run('k2', 'f2', 'Side door', 'greeter', 'B', 'member', AT)).toThrow(/UNIQUE/);
      expect(() => member.run('k3', 'f3', 'Desk 1', 'desk', 'C', 'member', AT)).toThrow(/CHECK/);
      expect(() => member.run('k4', 'f4', 'Desk 1', null, null, 'member', AT)).toThrow(/CHECK/);
      member.run('k5', 'f5', '', null, null, 'pending', AT);
      expect(() => member.run('k6', 'f6', 'Door', 'desk', null, 'member', AT)).toThrow(/UNIQUE/);
    },
  },
  // The hub's pairs stored compactly (issue 16): persons by number, the reasons as a mask, the time as a number.
  {
    version: 18,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X', false, true);
      seedHousehold(db, 'h2', 'KQ7M-00002-X', false, true);
      db.prepare('UPDATE persons SET n = rowid').run();
      const pair = db.prepare(`INSERT INTO hub_pairs (person_a, person_b, household_a, household_b, station_a, station_b, centre_a, centre_b, score,
        reasons, batch_id, found_at, status, decided_at, decided_by, note) VALUES (?, ?, 'h1', 'h2', 'st-a', 'st-b', 'GRS1', 'YRV1', ?, ?, 'batch-1', ?, ?, ?, ?, ?)`);
      const reasons = JSON.stringify([
        { code: 'same_name', effect: 'for' },
        { code: 'other_script', effect: 'for' },
        { code: 'different_birth_date', effect: 'against' },
      ]);
      pair.run('h1-p1', 'h2-p1', 0.81, reasons, '2026-11-20T09:00:00.250Z', 'open', null, null, '');
      pair.run('h1-p2', 'h2-p2', 0.97, '[{"code":"same_birth_date","effect":"for"}]', AT, 'linked', AT, 'Supervisor', 'same child');
      // A person no longer held: the pair cannot be shown and is not carried over.
      pair.run('h1-p1', 'h9-gone', 0.5, '[]', AT, 'open', null, null, '');
    },
    tables: { hub_pairs: ['a', 'b', 'score', 'reasons', 'batch_id', 'found_at', 'status', 'decided_at', 'decided_by', 'note'] },
    indexes: { hub_pairs_queue: ['status', 'score', 'found_at'], hub_pairs_b: ['b'] },
    triggers: ['hub_pairs_count_add', 'hub_pairs_count_remove', 'hub_pairs_count_move'],
    // Every pair is read again below by its persons' numbers; the counts are worked out from the pairs carried.
    dropped: { hub_pairs: ['rows'], hub_pair_counts: ['n'] },
    verify(db) {
      const n = (id: string) => db.prepare('SELECT n FROM persons WHERE id = ?').pluck().get(id) as number;
      const rows = db.prepare('SELECT * FROM hub_pairs ORDER BY score').all() as { a: number; b: number; reasons: number }[];
      expect(rows).toEqual([
        {
          a: Math.min(n('h1-p1'), n('h2-p1')),
          b: Math.max(n('h1-p1'), n('h2-p1')),
          score: 0.81,
          reasons: expect.any(Number),
          batch_id: 'batch-1',
          found_at: Date.parse('2026-11-20T09:00:00.250Z'),
          status: 'open',
          decided_at: null,
          decided_by: null,
          note: '',
        },
        {
          a: Math.min(n('h1-p2'), n('h2-p2')),
          b: Math.max(n('h1-p2'), n('h2-p2')),
          score: 0.97,
          reasons: expect.any(Number),
          batch_id: 'batch-1',
          found_at: Date.parse(AT),
          status: 'linked',
          decided_at: AT,
          decided_by: 'Supervisor',
          note: 'same child',
        },
      ]);
      expect(reasonsOfStored(rows[0]!.reasons)).toEqual([
        { code: 'same_name', effect: 'for' },
        { code: 'other_script', effect: 'for' },
        { code: 'different_birth_date', effect: 'against' },
      ]);
      expect(reasonsOfStored(rows[1]!.reasons)).toEqual([{ code: 'same_birth_date', effect: 'for' }]);
      expect(db.prepare('SELECT status, n FROM hub_pair_counts ORDER BY status').raw().all()).toEqual([
        ['linked', 1],
        ['open', 1],
      ]);
      expect(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get('hub_pairs')).toMatch(/WITHOUT ROWID/);
      expect(() => db.prepare('INSERT INTO hub_pairs (a, b, score, found_at) VALUES (5, 2, 0.5, 0)').run()).toThrow(/CHECK/);
      // The triggers keep the count on the new table.
      db.prepare('INSERT INTO hub_pairs (a, b, score, found_at) VALUES (2, 5, 0.5, 0)').run();
      expect(db.prepare("SELECT n FROM hub_pair_counts WHERE status = 'open'").pluck().get()).toBe(2);
    },
  },
  // Offline calls checked against the leases granted (issue 17): what was leased to which desk, and when.
  {
    version: 19,
    seed(db) {
      seedStation(db);
      seedTicket(db, 'op');
      db.prepare(`INSERT INTO queue_leases (ticket_id, desk, member_key, leased_at, expires_at) VALUES (?, ?, ?, ?, ?)`).run(
        't1',
        'Desk 1',
        'k1',
        AT,
        '2026-12-03T09:30:00.000Z',
      );
    },
    tables: {
      queue_lease_grants: ['ticket_id', 'member_key', 'granted_at', 'until'],
      queue_door_outbox: ['ticket_id', 'prefix', 'day', 'seq', 'ticket'],
      queue_members: ['last_seen_at'],
    },
    indexes: { queue_lease_grants_until: ['until'], queue_applied_at: ['at'] },
    verify(db) {
      // The lease in force when the file was migrated is a grant, so a desk cut off across the update is not refused.
      expect(db.prepare('SELECT ticket_id, member_key, granted_at, until FROM queue_lease_grants').all()).toEqual([
        { ticket_id: 't1', member_key: 'k1', granted_at: AT, until: '2026-12-03T09:30:00.000Z' },
      ]);
    },
  },
  // A greeter's press issues one ticket (issue 17): the request id kept with the ticket it issued.
  {
    version: 20,
    seed(db) {
      seedStation(db);
      seedTicket(db, 'queue-member:f1');
    },
    tables: { queue_tickets: ['request_id'] },
    indexes: { queue_tickets_request: ['issued_by', 'request_id'] },
    verify(db) {
      expect(db.prepare("SELECT request_id FROM queue_tickets WHERE id = 't1'").pluck().get()).toBeNull();
      const ticket = db.prepare(
        `INSERT INTO queue_tickets (id, prefix, seq, day, issued_at, issued_by, household_size, language, request_id) VALUES (?, 'A', ?, '2026-12-03', ?, ?, 2, 'hy', ?)`,
      );
      ticket.run('t2', 2, AT, 'queue-member:f1', '0193a1b2-0000-7000-8000-000000000001');
      // One ticket per press of one greeter; another greeter's id may be the same; tickets without one are many.
      expect(() => ticket.run('t3', 3, AT, 'queue-member:f1', '0193a1b2-0000-7000-8000-000000000001')).toThrow(/UNIQUE/);
      ticket.run('t4', 4, AT, 'queue-member:f2', '0193a1b2-0000-7000-8000-000000000001');
      ticket.run('t5', 5, AT, 'queue-member:f1', null);
      ticket.run('t6', 6, AT, 'queue-member:f1', null);
      expect(() => ticket.run('t7', 7, AT, 'queue-member:f1', 'x'.repeat(41))).toThrow(/CHECK/);
    },
  },
  // Duplicate blocks without the namesakes' neighbourhoods (issues 14 and 16): persons filed again under their own
  // blocks, each name's neighbourhood kept once in dup_names.
  {
    version: 21,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X', false, true);
      db.prepare('UPDATE persons SET n = rowid').run();
      // A key as migration 014 filed it, under a neighbour block: not carried over.
      db.prepare('INSERT INTO dup_keys (key, person, other, born) VALUES (123456789, 1, 77, 19800512)').run();
    },
    tables: { dup_names: ['near', 'block'] },
    dropped: { dup_keys: ['rows'] },
    verify(db) {
      expect(columns(db, 'dup_keys')).not.toContain('other');
      expect(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get('dup_names')).toMatch(/WITHOUT ROWID/);
      const head = filingOf(blockNamesOf({ givenName: 'Արամ', familyName: 'Սարգսյան', givenNameLatin: 'Aram', familyNameLatin: 'Sargsyan' }), '1980-05-12');
      const n = db.prepare("SELECT n FROM persons WHERE id = 'h1-p1'").pluck().get();
      expect(db.prepare('SELECT key FROM dup_keys WHERE person = ? ORDER BY key').pluck().all(n)).toEqual(
        [...new Set(head.blocks.map((block) => blockKey(block, 1980)))].sort((a, b) => a - b),
      );
      expect(db.prepare('SELECT DISTINCT born FROM dup_keys ORDER BY born').pluck().all()).toEqual([19800512, 20201120]);
      expect(db.prepare('SELECT count(*) FROM dup_keys WHERE key = 123456789').pluck().get()).toBe(0);
      const names = db.prepare('SELECT near, block FROM dup_names').raw().all();
      for (const [near, block] of head.names) expect(names).toContainEqual([blockBase(near), blockBase(block)]);
    },
  },
  // Search keys by person number (issue 16): the same keys, each naming its person by number, with the index by
  // person on the number. Its search results before and after are compared in migration-022.test.ts.
  {
    version: 22,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M-00001-X', false, true);
      seedHousehold(db, 'h2', 'KQ7M-00002-X', false, true);
      db.prepare('UPDATE persons SET n = rowid + 40').run();
      db.prepare("INSERT INTO search_keys (key, person_id) VALUES ('n:mariam', 'h2-p2'), ('r:KQ7M00002X', 'h2-p1')").run();
      db.prepare("INSERT INTO search_vocab (key, persons) VALUES ('n:aram', 2), ('n:mariam', 1), ('n:sarksian', 2)").run();
    },
    tables: { search_keys: ['key', 'person'] },
    indexes: { search_keys_person: ['person', 'key'] },
    dropped: { search_keys: ['person_id'] },
    verify(db) {
      expect(columns(db, 'search_keys')).toEqual(['key', 'person']);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_keys'").pluck().get()).toMatch(/WITHOUT ROWID/);
      expect(objects(db, 'index').filter((i) => i.startsWith('search_keys'))).toEqual(['search_keys_person']);
      // The same keys of the same persons, by number.
      expect(db.prepare('SELECT k.key, p.id FROM search_keys k JOIN persons p ON p.n = k.person ORDER BY 1, 2').raw().all()).toEqual([
        ['n:aram', 'h1-p1'],
        ['n:aram', 'h2-p1'],
        ['n:mariam', 'h2-p2'],
        ['n:sarksian', 'h1-p1'],
        ['n:sarksian', 'h2-p1'],
        ['r:KQ7M00002X', 'h2-p1'],
      ]);
      expect(db.prepare('SELECT DISTINCT person FROM search_keys ORDER BY 1').pluck().all()).toEqual(
        db.prepare("SELECT n FROM persons WHERE id IN ('h1-p1', 'h2-p1', 'h2-p2') ORDER BY 1").pluck().all(),
      );
      // The vocabulary as it was (every key copied).
      expect(db.prepare('SELECT key, persons FROM search_vocab ORDER BY key').raw().all()).toEqual([
        ['n:aram', 2],
        ['n:mariam', 1],
        ['n:sarksian', 2],
      ]);
      // Members still take their keys with them; a key names a person held.
      db.prepare("DELETE FROM households WHERE id = 'h2'").run();
      expect(db.prepare('SELECT key FROM search_keys ORDER BY key').pluck().all()).toEqual(['n:aram', 'n:sarksian']);
      expect(() => db.prepare("INSERT INTO search_keys (key, person) VALUES ('n:aram', 9999)").run()).toThrow(/FOREIGN KEY/);
    },
  },
  // A batch taken in and not yet checked across centres (issue 14): its households noted until the check ends.
  {
    version: 23,
    seed(db) {
      seedStation(db);
    },
    tables: { hub_unchecked: ['batch_id', 'household_id'] },
    verify(db) {
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'hub_unchecked'").pluck().get()).toMatch(/WITHOUT ROWID/);
      const note = db.prepare('INSERT INTO hub_unchecked (batch_id, household_id) VALUES (?, ?)');
      note.run('b1', 'h1');
      note.run('b2', 'h1');
      expect(() => note.run('b1', 'h1')).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(db.prepare('SELECT count(*) FROM hub_unchecked').pluck().get()).toBe(2);
    },
  },
  // The duplicate scorer's copy of each active person, keyed by number, with their household's fields (issues 14, 16).
  {
    version: 24,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M00001X', false, true);
      seedHousehold(db, 'h2', 'KQ7M00002X', false, true);
      db.prepare("UPDATE households SET status = 'voided', phone_normalised = NULL WHERE id = 'h2'").run();
      db.prepare('UPDATE persons SET documents = \'[{"kind":"passport","number":"AB123"}]\' WHERE id = \'h1-p2\'').run();
    },
    tables: {
      dup_persons: [
        'n',
        'household_id',
        'station_id',
        'given_name',
        'family_name',
        'patronymic',
        'given_name_latin',
        'family_name_latin',
        'patronymic_latin',
        'sex',
        'birth_kind',
        'birth_value',
        'documents',
        'phone_normalised',
        'household_phone_normalised',
        'arrival_date',
      ],
    },
    verify(db) {
      // The voided household's persons have no row; the active one's carry its phone, arrival and station.
      expect(
        db
          .prepare(
            'SELECT n, household_id, station_id, given_name, family_name_latin, sex, birth_value, documents, household_phone_normalised, arrival_date FROM dup_persons ORDER BY n',
          )
          .raw()
          .all(),
      ).toEqual(
        db
          .prepare(
            `SELECT n, 'h1', ?, given_name, 'Sargsyan', sex, birth_value, documents, '+37491123456', '2026-11-20' FROM persons
            WHERE household_id = 'h1' ORDER BY n`,
          )
          .raw()
          .all(STATION_ID),
      );
      expect(db.prepare("SELECT documents FROM dup_persons WHERE n = (SELECT n FROM persons WHERE id = 'h1-p2')").pluck().get()).toMatch(/AB123/);
      // Keyed by number (the rowid: one seek), gone with the person's row, naming only a person held.
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'dup_persons'").pluck().get()).toMatch(/n INTEGER PRIMARY KEY/);
      db.prepare("DELETE FROM households WHERE id = 'h1'").run();
      expect(db.prepare('SELECT count(*) FROM dup_persons').pluck().get()).toBe(0);
      expect(() =>
        db.prepare(`INSERT INTO dup_persons VALUES (9999, 'h1', 's', 'A', 'B', '', '', '', '', 'F', 'year', '1980', '[]', NULL, NULL, '2026-11-20')`).run(),
      ).toThrow(/FOREIGN KEY/);
    },
  },
  // Whether a person's household has nobody else, in the scorer's copy (issue 14): the hub's check reads it with the row.
  {
    version: 25,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M00001X', false, true);
      seedHousehold(db, 'h2', 'KQ7M00002X', false, true);
      db.prepare("DELETE FROM persons WHERE id = 'h2-p2'").run();
      db.prepare(
        `INSERT INTO dup_persons SELECT p.n, p.household_id, h.station_id, p.given_name, p.family_name, p.patronymic, p.given_name_latin,
          p.family_name_latin, p.patronymic_latin, p.sex, p.birth_kind, p.birth_value, p.documents, p.phone_normalised, h.phone_normalised,
          h.arrival_date FROM persons p JOIN households h ON h.id = p.household_id`,
      ).run();
    },
    tables: { dup_persons: ['alone'] },
    verify(db) {
      expect(db.prepare('SELECT p.id, d.alone FROM dup_persons d JOIN persons p ON p.n = d.n ORDER BY p.id').raw().all()).toEqual([
        ['h1-p1', 0],
        ['h1-p2', 0],
        ['h2-p1', 1],
      ]);
      expect(() => db.prepare("UPDATE dup_persons SET alone = 2 WHERE household_id = 'h1'").run()).toThrow(/CHECK/);
    },
  },
  // The scorer's copy made smaller (issue 14): each name as the scorer reads it, ids and dates as numbers.
  {
    version: 26,
    seed(db) {
      seedStation(db);
      seedHousehold(db, 'h1', 'KQ7M00001X', false, true);
      seedHousehold(db, 'h2', 'KQ7M00002X', false, true);
      seedHousehold(db, 'h3', 'KQ7M00003X', false, true);
      db.prepare("DELETE FROM persons WHERE id = 'h2-p2'").run();
      db.prepare("UPDATE households SET status = 'voided' WHERE id = 'h3'").run();
      // A year stored as a whole date, as no version of the app wrote it: read as its year, not an upgrade stopped.
      db.prepare("UPDATE persons SET birth_kind = 'year' WHERE id = 'h2-p1'").run();
      // Typed only in Latin letters: the scorer reads the Latin name; a patronymic; an age; a document; a phone.
      db.prepare(
        `UPDATE persons SET given_name = '', patronymic = 'Արամի', birth_kind = 'age', birth_value = '6', phone_normalised = '+37477111222',
          documents = '[{"type":"passport","number":"AB123"}]' WHERE id = 'h1-p2'`,
      ).run();
      db.prepare(
        `INSERT INTO dup_persons SELECT p.n, p.household_id, h.station_id, p.given_name, p.family_name, p.patronymic, p.given_name_latin,
          p.family_name_latin, p.patronymic_latin, p.sex, p.birth_kind, p.birth_value, p.documents, p.phone_normalised, h.phone_normalised,
          h.arrival_date, (SELECT count(*) FROM persons q WHERE q.household_id = p.household_id) = 1
        FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active'`,
      ).run();
    },
    tables: {
      dup_persons: [
        'n',
        'household',
        'station',
        'given',
        'family',
        'father',
        'sex',
        'birth_kind',
        'birth',
        'arrival',
        'documents',
        'phone',
        'household_phone',
        'alone',
      ],
    },
    dropped: { dup_persons: ['rows'] },
    verify(db) {
      const [h1, h2, station] = ['h1', 'h2', STATION_ID].map(idNumber);
      expect(
        db
          .prepare(
            `SELECT p.id, d.household, d.station, d.given, d.family, d.father, d.sex, d.birth_kind, d.birth, d.arrival, d.documents, d.phone,
              d.household_phone, d.alone FROM dup_persons d JOIN persons p ON p.n = d.n ORDER BY p.id`,
          )
          .raw()
          .all(),
      ).toEqual([
        ['h1-p1', h1, station, 'Արամ', 'Սարգսյան', '', 'M', 0, 19800512, 20261120, null, null, '+37491123456', 0],
        ['h1-p2', h1, station, 'Mariam', 'Սարգսյան', 'Արամի', 'F', 2, 6, 20261120, '[{"type":"passport","number":"AB123"}]', '+37477111222', '+37491123456', 0],
        ['h2-p1', h2, station, 'Արամ', 'Սարգսյան', '', 'M', 1, 1980, 20261120, null, null, '+37491123456', 1],
      ]);
      expect(new Set([h1, h2, station]).size).toBe(3);
      // Still keyed by number and gone with the person's row.
      db.prepare("DELETE FROM households WHERE id = 'h1'").run();
      expect(db.prepare('SELECT count(*) FROM dup_persons').pluck().get()).toBe(1);
      expect(() => db.prepare("INSERT INTO dup_persons VALUES (9999, 1, 2, 'A', 'B', '', 'F', 3, 1980, 20261120, NULL, NULL, NULL, 0)").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO dup_persons VALUES (9999, 1, 2, 'A', 'B', '', 'F', 1, 1980, 20261120, NULL, NULL, NULL, 0)").run()).toThrow(
        /FOREIGN KEY/,
      );
    },
  },
];

const previousVersion = (version: number): number => {
  const index = MIGRATIONS.findIndex((m) => m.version === version);
  return index > 0 ? (MIGRATIONS[index - 1]?.version ?? 0) : 0;
};

describe('migrations', () => {
  it('every migration has a case here, and every case a migration', () => {
    expect(CASES.map((c) => c.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  describe.each(CASES.map((c) => [c.version, c] as const))('migration %i', (version, c) => {
    it(`from ${previousVersion(version)}: seeds, migrates, adds its schema and keeps the data`, () => {
      const file = join(tempDir(), 'intake.sqlite');
      const old = openDatabase(file, { targetVersion: previousVersion(version) });
      expect(old.pragma('user_version', { simple: true })).toBe(previousVersion(version));
      const tablesBefore = objects(old, 'table');
      for (const table of Object.keys(c.tables)) {
        if (!tablesBefore.includes(table)) continue;
        // Columns the migration adds must not be there yet (the case is about this migration, not an older one).
        const missing = c.tables[table]?.filter((col) => !columns(old, table).includes(col)) ?? [];
        expect(missing.length, `${table} gains columns in ${version}`).toBeGreaterThan(0);
      }
      c.seed(old);
      const before = dump(old);
      closeDatabase(old);

      const db = openDatabase(file, { targetVersion: version });
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(version);
        for (const [table, cols] of Object.entries(c.tables)) {
          expect(columns(db, table), table).toEqual(expect.arrayContaining(cols));
        }
        for (const [index, cols] of Object.entries(c.indexes ?? {})) {
          expect(objects(db, 'index'), index).toContain(index);
          expect(indexColumns(db, index), index).toEqual(cols);
        }
        expect(objects(db, 'trigger')).toEqual(expect.arrayContaining(c.triggers ?? []));
        expectSurvived(before, db, c.dropped);
        c.verify?.(db);
      } finally {
        closeDatabase(db);
      }
    });
  });

  it('migrating one version at a time gives the same schema as migrating a new file at once', () => {
    const stepwise = join(tempDir(), 'intake.sqlite');
    for (const migration of MIGRATIONS) closeDatabase(openDatabase(stepwise, { targetVersion: migration.version }));
    const direct = join(tempDir(), 'intake.sqlite');
    closeDatabase(openDatabase(direct));
    const schema = (file: string) => {
      const db = openDatabase(file);
      try {
        return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
      } finally {
        closeDatabase(db);
      }
    };
    expect(schema(stepwise)).toEqual(schema(direct));
  });
});
