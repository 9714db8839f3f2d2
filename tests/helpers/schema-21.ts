import type { DB } from '../../electron/core/db/open.js';

/**
 * Takes a file's search keys back to how schema 21 stored them (migration 22 undone): persons by their id, with the
 * index by person and the cascade from persons. The keys held are kept, person for person. What later migrations add
 * goes too (023's notes of batches not yet checked across centres, 024's scoring copy), so the file is one of schema 21.
 */
export function asSchema21SearchKeys(db: DB): void {
  db.exec(`CREATE TABLE search_keys_021 (
      key TEXT NOT NULL,
      person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
      PRIMARY KEY (key, person_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO search_keys_021 (key, person_id) SELECT k.key, p.id FROM search_keys k JOIN persons p ON p.n = k.person ORDER BY 1, 2;
    DROP TABLE search_keys;
    ALTER TABLE search_keys_021 RENAME TO search_keys;
    CREATE INDEX search_keys_person ON search_keys (person_id, key);
    DROP TABLE IF EXISTS hub_unchecked;
    DROP TABLE IF EXISTS dup_persons;`);
}
