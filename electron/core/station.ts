import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StationInfo } from '../api/views.js';
import type { DB } from './db/open.js';
import { openStationFolder, type FolderOpenOptions } from './protection/at-rest.js';
import { ensureStationKeys } from './batch/keys.js';
import { CoreError } from './errors.js';
import { uuidv7 } from './ids.js';
import { newStationCode } from './intake/registration-number.js';

export const DB_FILE = 'intake.sqlite';
export const databasePath = (dataDir: string): string => join(dataDir, DB_FILE);

export interface StationSetup {
  centreCode: string;
  centreName: string;
  stationLabel: string;
  role?: 'station' | 'hub';
}

interface StationRow {
  id: string;
  code: string;
  label: string;
  centre_code: string;
  centre_name: string;
  role: 'station' | 'hub';
}

export function readStation(db: DB): StationInfo | undefined {
  const row = db.prepare<unknown[], StationRow>('SELECT id, code, label, centre_code, centre_name, role FROM station LIMIT 1').get();
  return (
    row && {
      stationId: row.id,
      stationCode: row.code,
      stationLabel: row.label,
      centreCode: row.centre_code,
      centreName: row.centre_name,
      role: row.role,
    }
  );
}

const CENTRE_CODE = /^[A-Z0-9]{2,10}$/;

export function createStation(db: DB, setup: StationSetup, now: Date): StationInfo {
  const centreCode = setup.centreCode.trim().toUpperCase();
  if (!CENTRE_CODE.test(centreCode)) {
    throw new CoreError('invalid_input', 'The centre code must be 2 to 10 letters or digits, for example GRS1.');
  }
  if (readStation(db)) throw new CoreError('conflict', 'This data folder already belongs to a station.');
  db.prepare('INSERT INTO station (id, code, label, centre_code, centre_name, role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    uuidv7(now),
    newStationCode(),
    setup.stationLabel.trim() || 'Desk 1',
    centreCode,
    setup.centreName.trim() || centreCode,
    setup.role ?? 'station',
    now.toISOString(),
  );
  const station = readStation(db);
  if (!station) throw new CoreError('internal', 'The station could not be recorded.');
  return station;
}

/** Creates a station's data folder: the SQLite file, migrated, with its station row. */
export function initDataDir(dataDir: string, setup: StationSetup, now = new Date(), keys?: FolderOpenOptions['keys']): StationInfo {
  mkdirSync(dataDir, { recursive: true });
  const { db, release } = openStationFolder(dataDir, { keys, create: true });
  try {
    const station = createStation(db, setup, now);
    ensureStationKeys(db, dataDir, now);
    return station;
  } finally {
    db.close();
    release();
  }
}

export const isInitialised = (dataDir: string): boolean => existsSync(databasePath(dataDir));
