import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBatch } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import { moveHouseholds, revokeStationKey } from '../../../electron/core/batch/trust.js';
import { loadSnapshot } from '../../../electron/core/households/write.js';
import { family, site, type Desk, type Site } from '../../helpers/batches.js';
import { forgeBatch } from '../../helpers/forge.js';

/** Hub trust (issue 11): a hub administrator revokes a lost desk's key and moves its households to the replacement. */

let s: Site;
beforeEach(() => {
  s = site();
});
afterEach(() => s.dispose());

const send = (hub: Desk, desk: Desk) => {
  const outcome = exportBatch(desk.core.ctx, s.actor, { folder: s.folder('stick') });
  if (!outcome.exported) throw new Error('nothing exported');
  return importBatch(hub.core.ctx, s.actor, readFileSync(outcome.batch.filePath), { acceptNewStation: true });
};

describe('a lost desk', () => {
  it('revoked: its next batch is refused; moved: the replacement may change its households; both audited', () => {
    const hub = s.hub();
    const lost = s.station('Desk 1');
    const replacement = s.station('Desk 2', 'KPN2');
    for (const d of [lost, replacement]) installHubKey(d.core.ctx, s.actor, hub.publicKey);
    const saved = lost.register(family('Anahit', 'Hovhannisyan'));
    replacement.register(family('Gayane', 'Petrosyan'));
    send(hub, lost);
    send(hub, replacement);

    revokeStationKey(hub.core.ctx, s.actor, lost.core.station.stationId, 'laptop stolen');
    lost.register(family('Lilit', 'Sargsyan'));
    expect(() => send(hub, lost)).toThrow(/revoked/);

    const snapshot = loadSnapshot(lost.core.ctx.db, saved.id);
    const edit = {
      ...snapshot,
      version: snapshot.version + 1,
      stationId: replacement.core.station.stationId,
      household: { ...snapshot.household, notes: 'moved desk' },
    };
    expect(() =>
      importBatch(hub.core.ctx, s.actor, forgeBatch(replacement.core.ctx, hub.publicKey, [{ t: 'version', snapshot: edit }]), { acceptNewStation: true }),
    ).toThrow(/another station/);
    expect(moveHouseholds(hub.core.ctx, s.actor, lost.core.station.stationId, replacement.core.station.stationId)).toEqual({ moved: 1 });
    // The moved household keeps its number; the replacement's batch may now change it.
    expect(
      importBatch(hub.core.ctx, s.actor, forgeBatch(replacement.core.ctx, hub.publicKey, [{ t: 'version', snapshot: edit }]), { acceptNewStation: true })
        .status,
    ).toBe('imported');
    expect(hub.core.ctx.db.prepare('SELECT notes FROM households WHERE id = ?').pluck().get(saved.id)).toBe('moved desk');
    const actions = hub.core.ctx.db.prepare("SELECT action FROM audit_events WHERE action LIKE 'station.%' ORDER BY seq").pluck().all();
    expect(actions).toEqual(['station.revoked', 'station.households_moved']);
  });
});
