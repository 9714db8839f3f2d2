import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CoreError } from '../errors.js';
import type { KeyProvider, ProgressListener } from './key-provider.js';
import { applyKey, openDatabase, type DB, type OpenOptions } from './open.js';
import { fileState, type FileState } from './file-state.js';
import { privateFile, privateFolder } from './private-files.js';

/**
 * Opens a station's or hub's file with its key, encrypting a plain file from an older version first.
 *
 * The one-time encryption never leaves the folder without one readable file holding everything: the key is kept
 * before anything else; the plain file is checkpointed into rollback-journal mode (its WAL folded in and removed);
 * a copy is rekeyed and verified beside it; only then does one rename swap the encrypted copy in. A crash before
 * the rename leaves the plain file whole (the half-made copy is removed at the next start); after it, the encrypted
 * file is whole.
 */

export { fileState, type FileState };
export const encryptingPath = (file: string): string => `${file}.encrypting`;

const removeIfThere = (file: string): void => {
  if (existsSync(file)) unlinkSync(file);
};

function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A half-made encrypted copy from an interrupted start: the plain file beside it is still whole. */
function discardInterrupted(file: string): void {
  const copy = encryptingPath(file);
  for (const leftover of [copy, `${copy}-journal`, `${copy}-wal`, `${copy}-shm`]) removeIfThere(leftover);
}

function rowCounts(db: DB): Record<string, number> {
  const tables = db.prepare<unknown[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  return Object.fromEntries(
    tables.map((t) => [
      t,
      Number(
        db
          .prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`)
          .pluck()
          .get(),
      ),
    ]),
  );
}

const CHUNK = 8 * 1024 * 1024;

function copyWithProgress(from: string, to: string, onProgress: ProgressListener): void {
  const total = statSync(from).size;
  const input = openSync(from, 'r');
  const output = openSync(to, 'wx', 0o600);
  try {
    const buffer = Buffer.alloc(CHUNK);
    let done = 0;
    onProgress({ phase: 'copy', done, total });
    for (;;) {
      const read = readSync(input, buffer, 0, CHUNK, done);
      if (read === 0) break;
      writeSync(output, buffer, 0, read);
      done += read;
      onProgress({ phase: 'copy', done, total });
    }
    fsyncSync(output);
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/** The plain file in rollback-journal mode (SQLite refuses to rekey in WAL mode; the WAL is folded in and removed). */
function preparePlain(file: string): Record<string, number> {
  discardInterrupted(file);
  const plain = new Database(file);
  try {
    plain.pragma('journal_mode = DELETE');
    return rowCounts(plain);
  } finally {
    plain.close();
  }
}

/** Rekeys the copy, proves it holds what the plain file held, and swaps it in with one rename. */
function finishEncryption(file: string, key: Buffer, expected: Record<string, number>, onProgress: ProgressListener): void {
  const copy = encryptingPath(file);
  const encrypting = new Database(copy);
  try {
    encrypting.pragma('journal_mode = DELETE');
    applyKey(encrypting, key, 'rekey');
  } finally {
    encrypting.close();
  }
  onProgress({ phase: 'encrypt', done: 1, total: 1 });
  const check = new Database(copy, { readonly: true });
  try {
    applyKey(check, key);
    const quick = check.pragma('quick_check', { simple: true });
    const counts = rowCounts(check);
    if (quick !== 'ok' || JSON.stringify(counts) !== JSON.stringify(expected)) {
      throw new CoreError('internal', 'The encrypted copy of the data file did not match the original; the original was kept unchanged.');
    }
  } finally {
    check.close();
  }
  onProgress({ phase: 'verify', done: 1, total: 1 });
  privateFile(copy);
  removeIfThere(`${file}-wal`);
  removeIfThere(`${file}-shm`);
  renameSync(copy, file);
  syncFolder(dirname(file));
  onProgress({ phase: 'swap', done: 1, total: 1 });
}

/** Encrypts a plain database file in place (see the module's comment for why each step is safe). */
export function encryptPlainFile(file: string, key: Buffer, onProgress: ProgressListener = () => {}): void {
  const expected = preparePlain(file);
  copyWithProgress(file, encryptingPath(file), onProgress);
  finishEncryption(file, key, expected, onProgress);
}

/**
 * The same, with the long part (copying a large file) in chunks that let the event loop turn between them, so that
 * the window can show the progress and stays answerable while an older version's file is encrypted at start-up.
 */
export async function encryptPlainFileInSteps(file: string, key: Buffer, onProgress: ProgressListener = () => {}): Promise<void> {
  const expected = preparePlain(file);
  const copy = encryptingPath(file);
  const total = statSync(file).size;
  const input = await open(file, 'r');
  const output = await open(copy, 'wx', 0o600);
  try {
    const buffer = Buffer.alloc(CHUNK);
    let done = 0;
    onProgress({ phase: 'copy', done, total });
    for (;;) {
      const { bytesRead } = await input.read(buffer, 0, CHUNK, done);
      if (bytesRead === 0) break;
      await output.write(buffer, 0, bytesRead);
      done += bytesRead;
      onProgress({ phase: 'copy', done, total });
    }
    await output.sync();
  } finally {
    await input.close();
    await output.close();
  }
  finishEncryption(file, key, expected, onProgress);
  onProgress({ phase: 'done', done: 1, total: 1 });
}

export interface StationFileOptions extends Omit<OpenOptions, 'key'> {
  /** A new folder may be created (first run, init); otherwise a missing file is the caller's to report. */
  create?: boolean;
  onProgress?: ProgressListener;
}

/** Opens the folder's database with the provider's key; returns the key so that the key files can be sealed with it. */
export function openStationFile(file: string, keys: KeyProvider, options: StationFileOptions = {}): { db: DB; key: Buffer } {
  privateFolder(dirname(file));
  discardInterrupted(file);
  const state = fileState(file);
  let key = keys.load();
  if (!key) {
    if (state === 'encrypted') {
      throw new CoreError('not_configured', `The key of ${file} is missing: restore the keys folder from the backup, or open it with its recovery code.`);
    }
    if (state === 'missing' && !options.create) throw new CoreError('not_configured', `No station is set up in ${dirname(file)}. Run "init" first.`);
    key = keys.create();
  }
  if (state === 'plain') {
    encryptPlainFile(file, key, options.onProgress);
    options.onProgress?.({ phase: 'done', done: 1, total: 1 });
  }
  const { create: _create, onProgress: _onProgress, ...open } = options;
  return { db: openDatabase(file, { ...open, key }), key };
}
