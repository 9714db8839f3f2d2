import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStationFolder } from '../../../electron/core/protection/at-rest.js';
import { setUpStation, startState } from '../../../electron/core/setup.js';
import { initDataDir } from '../../../electron/core/station.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';

/**
 * What a desk's start finds, in one open that changes nothing: a new folder needs a station, one made by `init` an
 * administrator, a file of an older version its migrations (and is left as it was, for the station to migrate in
 * steps with its progress shown).
 */

afterEach(cleanupTemp);

const SETUP = { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' };

it('says what the folder needs, without migrating a file that is behind', async () => {
  const fresh = join(tempDir('intake-start-'), 'desk');
  expect(startState(fresh)).toBe('station');

  const byInit = join(tempDir('intake-start-'), 'desk');
  initDataDir(byInit, SETUP);
  expect(startState(byInit)).toBe('admin');

  const ready = join(tempDir('intake-start-'), 'desk');
  await setUpStation(ready, { ...SETUP, adminName: 'Ani', secret: 'correct horse battery' });
  expect(startState(ready)).toBe(null);

  // The same file as an older version left it: behind, and still behind after the look.
  const folder = openStationFolder(ready);
  folder.db.pragma('user_version = 12');
  folder.db.close();
  folder.release();
  expect(startState(ready)).toBe('behind');
  const again = openStationFolder(ready, { targetVersion: 0 });
  expect(again.db.pragma('user_version', { simple: true })).toBe(12);
  again.db.close();
  again.release();
});
