import Database from 'better-sqlite3-multiple-ciphers';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, inflateRawSync } from 'node:zlib';
import { applyKey, type DB } from '../../electron/core/db/open.js';
import { DICTIONARY_V1, FORMAT_DEFLATE_V1 } from '../../electron/core/households/stored-snapshot.js';
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
 * every page, free ones included), followed by the raw bytes as they lie on disk, and by the text of every compressed
 * snapshot found in them (`inflatedSnapshots`): a version of the history, live or left in a free page, is searched as
 * the JSON it holds.
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
    const plain = Buffer.concat([readFileSync(copy), ...raw]);
    return Buffer.concat([plain, inflatedSnapshots(plain)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DICTIONARY = Buffer.from(DICTIONARY_V1, 'utf8');

/**
 * Every compressed snapshot (households/stored-snapshot.ts, format 1) that lies anywhere in `bytes`, whole or cut
 * short, as the JSON text it holds: each byte of the format's tag is tried as the start of one; what inflates to JSON
 * text is kept. Compression hides a snapshot's text from a plain byte search; this brings it back.
 */
export function inflatedSnapshots(bytes: Buffer): Buffer {
  const texts: Buffer[] = [];
  for (let at = bytes.indexOf(FORMAT_DEFLATE_V1); at >= 0; at = bytes.indexOf(FORMAT_DEFLATE_V1, at + 1)) {
    let text: Buffer;
    try {
      text = inflateRawSync(bytes.subarray(at + 1, at + 1 + 65_536), { dictionary: DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      continue;
    }
    if (text.subarray(0, 2).toString('latin1') === '{"') texts.push(text);
  }
  return Buffer.concat(texts);
}
