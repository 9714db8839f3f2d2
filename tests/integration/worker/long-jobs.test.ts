import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchWhile, stationAndHub, SUPERVISOR } from '../../../electron/bench/long-jobs.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { openCore } from '../../../electron/core/index.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { startDeskWorker, type DeskWorker } from '../../../electron/worker/desk-worker.js';

/**
 * The core in its worker, spawned for real, reached through the port the app's main process uses: while a full
 * duplicate review or a hub import of a 60 MB batch runs, searches sent one after another are answered before it
 * ends. An ordering, not a timing: with the long job on the same thread as the searches, none would be.
 */

const HOUSEHOLDS = 1500;
/** Families whose notes fill their fields: about 11 kB each in the batch, so 5,600 of them make over 60 MB. */
const LARGE_HOUSEHOLDS = 5600;
const LARGE_BATCH_BYTES = 60 * 1000 * 1000;
let root: string;
let sites: Awaited<ReturnType<typeof stationAndHub>>;
let large: Awaited<ReturnType<typeof stationAndHub>>;

function seededDesk(dir: string, households: number, fullNotes: boolean): string {
  const core = openCore({ dataDir: dir, setup: { centreCode: 'LJ1', centreName: 'Long jobs', stationLabel: 'Desk 1' } });
  try {
    seedHouseholds(core.ctx, SYSTEM_ACTOR, households, 3, 7, { fullNotes });
    core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    core.close();
  }
  return dir;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'intake-long-jobs-'));
  sites = await stationAndHub(seededDesk(join(root, 'seeded'), HOUSEHOLDS, false), mkdtempSync(join(root, 'small-')));
  large = await stationAndHub(seededDesk(join(root, 'seeded-large'), LARGE_HOUSEHOLDS, true), mkdtempSync(join(root, 'large-')));
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function signedIn(dataDir: string): Promise<DeskWorker> {
  const desk = await startDeskWorker({ dataDir, purgeEveryHours: 0 });
  const signIn = await desk.dispatcher.invoke('session.signIn', { name: SUPERVISOR.name, secret: SUPERVISOR.secret });
  expect(signIn.ok).toBe(true);
  return desk;
}

describe('long work in the core worker', () => {
  it('answers searches while a full duplicate review runs', async () => {
    const desk = await signedIn(sites.stationDir);
    try {
      const overlap = await searchWhile(desk.dispatcher, () => desk.dispatcher.invoke('duplicates.review', {}), ['Hakobyan', 'Анна', 'Մարիամ']);
      expect(overlap.job).toMatchObject({ ok: true, value: { persons: expect.any(Number) as number } });
      expect(overlap.answeredBefore).toBeGreaterThanOrEqual(3);
    } finally {
      await desk.close();
    }
  }, 120_000);

  it('answers searches while a hub imports a 60 MB batch of a whole desk by path', async () => {
    expect(statSync(large.batchPath).size).toBeGreaterThan(LARGE_BATCH_BYTES);
    const desk = await signedIn(large.hubDir);
    try {
      const overlap = await searchWhile(
        desk.dispatcher,
        () => desk.dispatcher.invoke('hub.import', { path: large.batchPath, acceptStation: large.fingerprint }),
        ['Hakobyan', 'Анна', 'Մարիամ'],
      );
      expect(overlap.job).toMatchObject({ ok: true, value: { status: 'imported', households: LARGE_HOUSEHOLDS } });
      expect(overlap.answeredBefore).toBeGreaterThanOrEqual(3);
      // The import's commit reached the core worker's connection: the families are found there now.
      const after = await desk.dispatcher.invoke('stats.summary', {});
      expect(after).toMatchObject({ ok: true, value: { households: LARGE_HOUSEHOLDS } });
    } finally {
      await desk.close();
    }
  }, 240_000);
});
