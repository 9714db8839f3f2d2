import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data folder and everything in it are this user's alone, whatever the umask: the folder 0700, the database,
 * its WAL and shared-memory files and the key files 0600. Modes are set explicitly because a umask of 000 would
 * otherwise leave them readable by every local account.
 */
export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates the file empty when missing (SQLite gives its WAL and SHM the main file's mode) and narrows it to 0600. */
export function privateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Narrows the WAL and SHM beside a database file, when they exist. */
export function privateSidecars(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
  }
}
