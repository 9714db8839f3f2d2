import Database from 'better-sqlite3-multiple-ciphers';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyKey, type DB } from '../../electron/core/db/open.js';
import { readPlainKey } from '../../electron/core/protection/database-keys.js';
import { databasePath } from '../../electron/core/station.js';

/** A station's file opened beside the app as a tamperer or a checker would, with the folder's key (keys/database.key). */
export function openWithFolderKey(dataDir: string, options?: Database.Options): DB {
  const key = readPlainKey(dataDir);
  if (!key) throw new Error(`no keys/database.key in ${dataDir}`);
  const db = new Database(databasePath(dataDir), options);
  applyKey(db, key);
  return db;
}

/**
 * The file and its WAL as plain bytes: copied, the WAL folded in, decrypted page by page (rekey to no key rewrites
 * every page, free ones included), followed by the raw bytes as they lie on disk.
 */
export function decryptedBytes(dataDir: string): Buffer {
  const file = databasePath(dataDir);
  const raw = [file, `${file}-wal`, `${file}-journal`].filter(existsSync).map((f) => readFileSync(f));
  const dir = mkdtempSync(join(tmpdir(), 'intake-decrypted-'));
  try {
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy);
    applyKey(db, readPlainKey(dataDir)!);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.pragma("rekey = ''");
    db.close();
    return Buffer.concat([readFileSync(copy), ...raw]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
