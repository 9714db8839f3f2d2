import type Database from 'better-sqlite3-multiple-ciphers';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepares each SQL text once per connection; hot paths (search, seeding, import) reuse the statement. */
export function sql(db: Database.Database, text: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}
