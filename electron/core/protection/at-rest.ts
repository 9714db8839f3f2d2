import { join } from 'node:path';
import { hubKeyPath, KEYS_FOLDER, stationKeyPath } from '../batch/keys.js';
import { databaseFile } from '../db/file-state.js';
import type { KeyProvider, ProgressListener } from '../db/key-provider.js';
import { openDatabase, type DB } from '../db/open.js';
import { privateFolder } from '../db/private-files.js';
import { openStationFile } from '../db/station-file.js';
import { hubSigningKeyPath } from '../hub/keys.js';
import { folderKeys } from './database-keys.js';
import { registerSealing, sealExisting } from './sealed-files.js';

/** Every station or hub folder is opened here: its file with its key, its private key files sealed alike. */

export interface FolderOpenOptions {
  /** Where the key comes from; by default the folder's own keys/ (the CLI's and the harness's way). */
  keys?: KeyProvider;
  /** A new folder may be created (first run, init). */
  create?: boolean;
  /** The one-time encryption of a plain file reports its progress here. */
  onProgress?: ProgressListener;
  /** Only the benchmark's side-by-side plain file, to price the cipher; never a station's or hub's file. */
  unencryptedForBenchmark?: boolean;
  targetVersion?: number;
}

export { databaseFile };
export const privateKeyFiles = (dataDir: string): string[] => [stationKeyPath(dataDir), hubKeyPath(dataDir), hubSigningKeyPath(dataDir)];

export function openStationFolder(dataDir: string, options: FolderOpenOptions = {}): { db: DB; release: () => void; key?: Buffer } {
  if (options.unencryptedForBenchmark) {
    privateFolder(dataDir);
    return { db: openDatabase(databaseFile(dataDir)), release: () => {} };
  }
  const keys = options.keys ?? folderKeys(dataDir);
  const { db, key } = openStationFile(databaseFile(dataDir), keys, options);
  if (!keys.sealsKeyFiles) return { db, release: () => {}, key };
  const release = registerSealing(join(dataDir, KEYS_FOLDER), key);
  try {
    sealExisting(privateKeyFiles(dataDir));
  } catch (error) {
    release();
    db.close();
    throw error;
  }
  return { db, release, key };
}
