import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../electron/api/result.js';
import type { SessionView } from '../../../electron/api/views-protection.js';
import { initDataDir } from '../../../electron/core/station.js';
import { openDesk, type Desk } from '../../../electron/handlers/desk.js';

/** The first run through the dispatcher the window and the harness use: an empty folder, and a folder made by `init`. */

const dirs: string[] = [];
const desks: Desk[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'intake-desk-'));
  dirs.push(dir);
  return dir;
};
const open = (dataDir: string) => {
  const desk = openDesk({ dataDir, purgeEveryHours: 0, log: () => {} });
  desks.push(desk);
  return desk;
};
const call = (desk: Desk, method: string, input: unknown = {}, connection = 'window') =>
  desk.dispatcher.invoke(method, input, connection) as Promise<Result<SessionView>>;

afterEach(() => {
  for (const desk of desks.splice(0)) desk.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the first run', () => {
  it('on an empty folder: only the first-run methods answer, then the station and its administrator exist and are signed in', async () => {
    const desk = open(folder());
    expect(await call(desk, 'session.status')).toMatchObject({ ok: true, value: { setup: 'station', operator: null } });
    expect(await call(desk, 'household.recent')).toMatchObject({ ok: false, error: { code: 'not_configured' } });
    expect(await call(desk, 'setup.create', { adminName: 'Lilit', secret: 'first-admin-1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'centreCode' }] },
    });
    expect(
      await call(desk, 'setup.create', { centreCode: 'grs1', centreName: 'Goris', stationLabel: 'Desk 3', adminName: 'Lilit', secret: '123' }),
    ).toMatchObject({ ok: false, error: { issues: [{ code: 'secret.pin_short' }] } });
    expect(desk.core()).toBeUndefined();

    const done = await call(desk, 'setup.create', {
      centreCode: 'grs1',
      centreName: 'Goris',
      stationLabel: 'Desk 3',
      adminName: 'Lilit',
      secret: 'first-admin-1',
    });
    expect(done).toMatchObject({
      ok: true,
      value: { setup: null, locked: false, operator: { name: 'Lilit', role: 'admin' }, station: { centreCode: 'GRS1', stationLabel: 'Desk 3' } },
    });
    expect(await call(desk, 'household.recent')).toMatchObject({ ok: true });
    // Another browser of the harness is not signed in by someone else's first run.
    expect(await call(desk, 'household.recent', {}, 'other')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call(desk, 'setup.create', { adminName: 'Intruder', secret: 'intruder-pass' }, 'other')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('on a folder made by `init`: only the administrator is asked for', async () => {
    const dir = folder();
    initDataDir(dir, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' });
    const desk = open(dir);
    expect(await call(desk, 'session.status')).toMatchObject({ ok: true, value: { setup: 'admin', station: { stationLabel: 'Desk 1' } } });
    expect(await call(desk, 'setup.create', { centreCode: 'OTHER', adminName: 'Lilit', secret: 'first-admin-1' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await call(desk, 'setup.create', { adminName: 'Lilit', secret: 'first-admin-1' })).toMatchObject({
      ok: true,
      value: { setup: null, operator: { role: 'admin' } },
    });
    expect(await call(desk, 'setup.create', { adminName: 'Second', secret: 'second-admin-1' }, 'other')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});
