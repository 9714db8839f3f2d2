import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isId } from '../batch/trust.js';
import { CoreError } from '../errors.js';
import { writeBatchFile } from '../batch/file.js';
import { fileSource } from '../batch/envelope-v2.js';
import { HubRefusal, type HubService } from '../hub/service.js';
import { parseWith } from '../wire.js';
import { FolderRefusalSchema, HubIdentitySchema, StationRangesSchema, UploadAnswerSchema } from './answers.js';
import { SyncFailure, type SyncTarget, type UploadAnswer } from './target.js';

/**
 * Sync through a folder: a network share, or a stick left plugged in at the station and carried to the hub. The
 * station writes each batch atomically as `<batchId>.ibatch`; the hub (serve-hub --folder, or collectFolder) takes
 * them in and writes back `receipts/<batchId>.json` (or `refusals/<batchId>.json`), `ranges/<stationId>.json` and
 * `hub.json`. Until the receipt is there, a batch is "uploaded, awaiting acknowledgement".
 */

export const FOLDER_LAYOUT = {
  extension: '.ibatch',
  receipts: 'receipts',
  refusals: 'refusals',
  ranges: 'ranges',
  identity: 'hub.json',
} as const;

const SAFE_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Writes a small JSON file whole or not at all (temporary file, flush, rename). */
export function writeJsonAtomically(path: string, value: unknown): void {
  const folder = join(path, '..');
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}

/** The hub writes a few hundred bytes per file; anything far larger is not its answer (and is not read into memory). */
export const MAX_FOLDER_JSON_BYTES = 1024 * 1024;

const IdentityFormat = z.object({ format: z.literal('intake-hub') });

const damaged = (path: string, problem: string) =>
  new SyncFailure('bad_answer', `The file ${path} is damaged or half written (${problem}); it will be read again.`);

/** A file the hub wrote back, parsed as JSON (size first); undefined when it is not there yet. */
function readJsonValue(path: string): unknown {
  let text: string;
  try {
    const fd = openSync(path, 'r');
    try {
      if (fstatSync(fd).size > MAX_FOLDER_JSON_BYTES) throw damaged(path, `larger than ${MAX_FOLDER_JSON_BYTES} bytes`);
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof SyncFailure) throw error;
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw damaged(path, 'unreadable');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw damaged(path, 'not JSON');
  }
}

/** A file the hub wrote back, parsed with its schema; undefined when it is not there yet. */
function readJson<S extends z.ZodType>(path: string, schema: S, value: unknown = readJsonValue(path)): z.output<S> | undefined {
  return value === undefined ? undefined : parseWith(schema, value, (problem) => damaged(path, problem));
}

function folderFailure(folder: string, error: unknown): SyncFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new SyncFailure('unreachable', `The folder ${folder} is not there (is the stick plugged in, the share connected?).`, { code });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new SyncFailure('unreachable', `The app may not write to ${folder} (read-only or locked?).`, { code });
  if (code === 'ENOSPC') return new SyncFailure('unreachable', `There is no free space in ${folder}.`, { code });
  return new SyncFailure('unreachable', `The folder ${folder} cannot be used (${code || 'unknown error'}).`, { code: code || 'io' });
}

export function createFolderTarget(folder: string): SyncTarget {
  const receiptOf = (batchId: string): UploadAnswer | null => {
    const value = readJson(join(folder, FOLDER_LAYOUT.receipts, `${batchId}.json`), UploadAnswerSchema);
    return value ? { status: 'duplicate', receipt: value.receipt, missing: value.missing } : null;
  };
  return {
    kind: 'folder',
    address: folder,
    async probe() {
      try {
        if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
        accessSync(folder, constants.W_OK);
      } catch (error) {
        throw folderFailure(folder, error);
      }
      // A hub.json that is not a hub's identity at all (another program's file): reachable, identity unknown.
      const path = join(folder, FOLDER_LAYOUT.identity);
      const value = readJsonValue(path);
      if (!IdentityFormat.safeParse(value).success) return null;
      return readJson(path, HubIdentitySchema, value) ?? null;
    },
    async upload(item) {
      if (!SAFE_NAME.test(item.batchId)) throw new SyncFailure('refused', 'That batch id cannot name a file.');
      const path = join(folder, `${item.batchId}${FOLDER_LAYOUT.extension}`);
      try {
        if (existsSync(path)) {
          if (sha256(readFileSync(path)) !== sha256(item.bytes)) {
            throw new SyncFailure('refused', `Another file named ${item.batchId}${FOLDER_LAYOUT.extension} is already in ${folder}.`, {
              code: 'sync.folder_conflict',
            });
          }
        } else {
          writeBatchFile(path, item.bytes);
        }
      } catch (error) {
        if (error instanceof SyncFailure) throw error;
        if (error instanceof CoreError) throw new SyncFailure('unreachable', error.message, { code: 'io' });
        throw folderFailure(folder, error);
      }
      const refusal = readJson(join(folder, FOLDER_LAYOUT.refusals, `${item.batchId}.json`), FolderRefusalSchema);
      if (refusal) throw new SyncFailure('refused', refusal.message ?? 'The hub refused the batch.', { code: refusal.code, status: refusal.status });
      const answer = receiptOf(item.batchId);
      if (answer) return answer;
      throw new SyncFailure('awaiting', `The batch is in ${folder}; the hub has not acknowledged it yet.`);
    },
    async receipt(batchId) {
      return SAFE_NAME.test(batchId) ? receiptOf(batchId) : null;
    },
    async ranges(stationId) {
      if (!SAFE_NAME.test(stationId)) return null;
      return readJson(join(folder, FOLDER_LAYOUT.ranges, `${stationId}.json`), StationRangesSchema) ?? null;
    },
  };
}

/**
 * A path inside the hub's folder, built from outside data (a batch or station id): resolved and proved to stay inside
 * `folder`, in a subfolder that is a real folder (a symbolic link there could send the hub's writes anywhere).
 */
export function pathInside(folder: string, subfolder: string, name: string): string {
  const root = realpathSync(folder);
  const sub = join(root, subfolder);
  try {
    const st = lstatSync(sub);
    if (st.isSymbolicLink() || !st.isDirectory()) throw new Error(`${sub} is a symbolic link or not a folder; the hub writes only into real subfolders`);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    mkdirSync(sub);
  }
  const path = resolve(sub, name);
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).length !== 2 || !SAFE_NAME.test(name)) {
    throw new Error(`the name ${JSON.stringify(name.slice(0, 60))} would lead outside ${subfolder}`);
  }
  return path;
}

export interface CollectReport {
  received: string[];
  duplicates: string[];
  refused: { batchId: string; code: string; message: string }[];
}

/**
 * The hub's side: takes in every batch file in `folder` that has neither a receipt nor a refusal yet, and writes
 * them back, with the hub's identity and the ranges it holds for each station that wrote there.
 */
export function collectFolder(hub: HubService, folder: string): CollectReport {
  const report: CollectReport = { received: [], duplicates: [], refused: [] };
  writeJsonAtomically(join(folder, FOLDER_LAYOUT.identity), hub.identity());
  const stations = new Set<string>();
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(FOLDER_LAYOUT.extension) || name.startsWith('.')) continue;
    const batchId = name.slice(0, -FOLDER_LAYOUT.extension.length);
    if (!SAFE_NAME.test(batchId)) continue;
    const receiptPath = pathInside(folder, FOLDER_LAYOUT.receipts, `${batchId}.json`);
    const refusalPath = pathInside(folder, FOLDER_LAYOUT.refusals, `${batchId}.json`);
    if (existsSync(receiptPath) || existsSync(refusalPath)) continue;
    // A symbolic link named like a batch could make the hub read any file it may read.
    if (!lstatSync(join(folder, name)).isFile()) continue;
    try {
      const source = fileSource(join(folder, name));
      let received;
      try {
        received = hub.receive(source, batchId, `folder:${name}`);
      } finally {
        source.close?.();
      }
      writeJsonAtomically(receiptPath, { status: received.created ? 'received' : 'duplicate', receipt: received.receipt, missing: received.missing });
      stations.add(received.receipt.receipt.stationId);
      (received.created ? report.received : report.duplicates).push(batchId);
    } catch (error) {
      if (!(error instanceof HubRefusal)) throw error;
      // Files appear whole (the station renames them into place), so a refusal is the hub's answer, written back
      // for the station to show. Deleting the refusal file has the batch taken in again (after enrolment opens).
      writeJsonAtomically(refusalPath, { code: error.code, message: error.message, status: error.status });
      report.refused.push({ batchId, code: error.code, message: error.message });
    }
  }
  for (const stationId of stations) {
    if (isId(stationId)) writeJsonAtomically(pathInside(folder, FOLDER_LAYOUT.ranges, `${stationId}.json`), hub.ranges(stationId));
  }
  return report;
}
