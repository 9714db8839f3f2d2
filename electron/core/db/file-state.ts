import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a database file is there, plain or encrypted, by its header alone: no SQLite driver (the main process asks). */
export type FileState = 'missing' | 'plain' | 'encrypted';
const PLAIN_HEADER = 'SQLite format 3\0';

export function fileState(file: string): FileState {
  if (!existsSync(file) || statSync(file).size === 0) return 'missing';
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.toString('latin1') === PLAIN_HEADER ? 'plain' : 'encrypted';
  } finally {
    closeSync(fd);
  }
}

/** The station's or hub's database file in its data folder. */
export const databaseFile = (dataDir: string): string => join(dataDir, 'intake.sqlite');
