import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CoreError } from '../errors.js';
import type { ByteSource } from './envelope-v2.js';

/**
 * Writing a batch file so that it is either there whole or not there at all, on a USB stick that may fill up or be
 * pulled out: a temporary file in the target folder, flushed, renamed to its name, the folder flushed, then read
 * back and checked. The file layer is a parameter so tests can make it fail as a full or vanished stick does.
 */
export interface BatchFileSystem {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  existsSync(path: string): boolean;
  readFileSync(path: string): Buffer;
  /** Reads part of an open file (a streamed batch read back piece by piece). */
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
}

export const realFileSystem: BatchFileSystem = {
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (path) => fs.unlinkSync(path),
  existsSync: (path) => fs.existsSync(path),
  readFileSync: (path) => fs.readFileSync(path),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
};

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const errorCode = (error: unknown): string => (typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '');

/** A file-system failure in words a clerk can act on; the range it was carrying stays waiting. */
export function fileFailure(error: unknown, path: string): CoreError {
  const code = errorCode(error);
  const folder = dirname(path);
  const issue = (key: string, message: string) => new CoreError('io_failed', message, [{ path: 'folder', code: key, message, params: { folder } }]);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return issue(
        'batch.io.full',
        `There is not enough free space in ${folder} for the batch. Nothing was exported; the families stay waiting for the next batch. Free some space or use another stick.`,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return issue(
        'batch.io.missing',
        `The folder ${folder} is not there (was the stick removed?). Nothing was exported; the families stay waiting for the next batch.`,
      );
    case 'EIO':
    case 'ENODEV':
    case 'ENXIO':
    case 'ESTALE':
      return issue(
        'batch.io.failed',
        `Writing to ${folder} failed (was the stick removed?). Nothing was exported; the families stay waiting for the next batch. Put the stick back and export again.`,
      );
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return issue(
        'batch.io.readonly',
        `The app may not write to ${folder} (read-only or locked stick?). Nothing was exported; the families stay waiting for the next batch.`,
      );
    default:
      return issue(
        'batch.io.failed',
        `Writing to ${folder} failed (${code || 'unknown error'}). Nothing was exported; the families stay waiting for the next batch.`,
      );
  }
}

/** Reading a batch file (at a hub) failed: say which file and why, in words. */
export function readFailure(error: unknown, path: string): CoreError {
  const code = errorCode(error);
  const why =
    code === 'ENOENT'
      ? 'it is not there'
      : code === 'EISDIR'
        ? 'it is a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'the app may not read it'
          : `reading failed (${code || 'unknown error'})`;
  const message = `The file ${path} cannot be read: ${why}. Nothing was imported.`;
  return new CoreError('io_failed', message, [{ path: 'file', code: 'batch.io.unreadable', message, params: { file: path } }]);
}

function flushFolder(files: BatchFileSystem, folder: string): void {
  let fd: number | undefined;
  try {
    fd = files.openSync(folder, 'r');
    files.fsyncSync(fd);
  } catch (error) {
    // Some file systems (and Windows) cannot open or flush a folder; the rename has still happened.
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF'].includes(errorCode(error))) throw error;
  } finally {
    if (fd !== undefined) files.closeSync(fd);
  }
}

/** Where a batch is written before it is complete, beside its final name; refuses a name already taken. */
function temporaryFor(files: BatchFileSystem, path: string): string {
  const folder = dirname(path);
  if (files.existsSync(path)) {
    const message = `A file named ${basename(path)} is already in ${folder}. Nothing was exported; choose another name or folder.`;
    throw new CoreError('conflict', message, [{ path: 'folder', code: 'batch.io.exists', message, params: { folder, file: basename(path) } }]);
  }
  return join(folder, `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
}

/**
 * A write that failed: releases its descriptors, removes what it left (a half-written or unverified file must not be
 * mistaken for a batch later) and returns the error to throw, as a CoreError.
 */
function abandonWrite(files: BatchFileSystem, open: (number | undefined)[], leftover: string, path: string, error: unknown): Error {
  for (const fd of open) {
    if (fd === undefined) continue;
    try {
      files.closeSync(fd);
    } catch {
      // The descriptor is gone with the stick; nothing more to release.
    }
  }
  try {
    if (files.existsSync(leftover)) files.unlinkSync(leftover);
  } catch {
    // The stick is gone; the file (if any) is incomplete and its name says so or it fails verification.
  }
  return error instanceof CoreError ? error : fileFailure(error, path);
}

/**
 * Writes `bytes` to `path` atomically and reads them back. `check` is given what was read (it throws if the file
 * is not what it should be). Never overwrites an existing file. Throws CoreError('io_failed' | 'conflict').
 */
export function writeBatchFile(
  path: string,
  bytes: Uint8Array,
  options: { files?: BatchFileSystem; check?: (readBack: Buffer) => void } = {},
): { path: string; sha256: string; bytes: number } {
  const files = options.files ?? realFileSystem;
  const folder = dirname(path);
  const temporary = temporaryFor(files, path);
  const expected = sha256Hex(bytes);
  let fd: number | undefined;
  let renamed = false;
  try {
    fd = files.openSync(temporary, 'wx', 0o600);
    let offset = 0;
    while (offset < bytes.length) offset += files.writeSync(fd, bytes, offset, bytes.length - offset);
    files.fsyncSync(fd);
    files.closeSync(fd);
    fd = undefined;
    files.renameSync(temporary, path);
    renamed = true;
    flushFolder(files, folder);
    const readBack = files.readFileSync(path);
    if (readBack.length !== bytes.length || sha256Hex(readBack) !== expected) {
      throw new CoreError(
        'io_failed',
        `The batch read back from ${folder} is not what was written (a failing stick?). Nothing was exported; use another stick.`,
        [{ path: 'folder', code: 'batch.io.readback', message: 'read back differs', params: { folder } }],
      );
    }
    options.check?.(readBack);
    return { path, sha256: expected, bytes: bytes.length };
  } catch (error) {
    throw abandonWrite(files, [fd], renamed ? path : temporary, path, error);
  }
}

/** Read-back piece size: the file is never held whole. */
const READ_BACK_BYTES = 1024 * 1024;

/**
 * As `writeBatchFile`, for a file produced piece by piece (`produce` calls `write` with each piece as it is sealed):
 * memory holds one piece, whatever the size of the batch. The file is read back piece by piece, its hash compared,
 * then handed to `check` as a source it may read again.
 */
export function writeBatchFileStreamed(
  path: string,
  produce: (write: (bytes: Buffer) => void) => void,
  options: { files?: BatchFileSystem; check?: (readBack: ByteSource) => void } = {},
): { path: string; sha256: string; bytes: number } {
  const files = options.files ?? realFileSystem;
  const folder = dirname(path);
  const temporary = temporaryFor(files, path);
  const hash = createHash('sha256');
  let size = 0;
  let fd: number | undefined;
  let readFd: number | undefined;
  let renamed = false;
  try {
    fd = files.openSync(temporary, 'wx', 0o600);
    const out = fd;
    produce((bytes) => {
      hash.update(bytes);
      let offset = 0;
      while (offset < bytes.length) offset += files.writeSync(out, bytes, offset, bytes.length - offset);
      size += bytes.length;
    });
    const expected = hash.digest('hex');
    files.fsyncSync(fd);
    files.closeSync(fd);
    fd = undefined;
    files.renameSync(temporary, path);
    renamed = true;
    flushFolder(files, folder);
    readFd = files.openSync(path, 'r');
    const input = readFd;
    const source: ByteSource = {
      size,
      read(position, length) {
        const want = Math.max(0, Math.min(length, size - position));
        const buffer = Buffer.allocUnsafe(want);
        let got = 0;
        while (got < want) {
          const n = files.readSync(input, buffer, got, want - got, position + got);
          if (n === 0) break;
          got += n;
        }
        return buffer.subarray(0, got);
      },
    };
    const again = createHash('sha256');
    let readBack = 0;
    for (let at = 0; at < size; at += READ_BACK_BYTES) {
      const piece = source.read(at, READ_BACK_BYTES);
      again.update(piece);
      readBack += piece.length;
    }
    if (readBack !== size || again.digest('hex') !== expected) {
      throw new CoreError(
        'io_failed',
        `The batch read back from ${folder} is not what was written (a failing stick?). Nothing was exported; use another stick.`,
        [{ path: 'folder', code: 'batch.io.readback', message: 'read back differs', params: { folder } }],
      );
    }
    options.check?.(source);
    files.closeSync(readFd);
    readFd = undefined;
    return { path, sha256: expected, bytes: size };
  } catch (error) {
    throw abandonWrite(files, [fd, readFd], renamed ? path : temporary, path, error);
  }
}
