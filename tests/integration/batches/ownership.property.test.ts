import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportBatch } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import { CoreError } from '../../../electron/core/errors.js';
import { loadSnapshot, voidHousehold } from '../../../electron/core/households/write.js';
import type { HouseholdSnapshot } from '../../../electron/core/households/snapshot.js';
import { family, site, type Desk } from '../../helpers/batches.js';
import { forgeBatch } from '../../helpers/forge.js';

/**
 * Hub trust (issue 11), as a property: random sequences of batches from three stations, some forged (versions or
 * deletions of another station's households, re-stamped or not), never change a household another station owns, and
 * the hub always equals the union of what each station legitimately sent.
 */

type Step =
  | { kind: 'register'; station: number }
  | { kind: 'void'; station: number; pick: number }
  | { kind: 'send'; station: number }
  | { kind: 'forge'; station: number; victim: number; pick: number; how: 'version' | 'restamped' | 'deletion' };

const station = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), station }),
  fc.record({ kind: fc.constant('void' as const), station, pick: fc.nat() }),
  fc.record({ kind: fc.constant('send' as const), station }),
  fc.record({
    kind: fc.constant('forge' as const),
    station,
    victim: station,
    pick: fc.nat(),
    how: fc.constantFrom('version' as const, 'restamped' as const, 'deletion' as const),
  }),
);

const ids = (desk: Desk): string[] => desk.core.ctx.db.prepare('SELECT id FROM households ORDER BY id').pluck().all() as string[];
const state = (desk: Desk): Map<string, number> => new Map(desk.core.ctx.db.prepare('SELECT id, version FROM households').raw().all() as [string, number][]);

describe('ownership holds whatever the stations send', () => {
  it("forged batches never change another station's household; the hub is the union of what each station sent", { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), (steps) => {
        const s = site();
        try {
          const hub = s.hub();
          const desks = [s.station('Desk A'), s.station('Desk B', 'KPN2'), s.station('Desk C', 'ARM3')];
          for (const d of desks) installHubKey(d.core.ctx, s.actor, hub.publicKey);
          const sent: Map<string, number>[] = desks.map(() => new Map());
          let n = 0;
          // Every station has registered and sent once, so that every forged step has a victim.
          const opening: Step[] = [0, 1, 2].flatMap((i) => [
            { kind: 'register' as const, station: i },
            { kind: 'send' as const, station: i },
          ]);
          for (const st of [...opening, ...steps]) {
            const desk = desks[st.station]!;
            if (st.kind === 'register') desk.register(family(`Anahit${++n}`, 'Hovhannisyan'));
            else if (st.kind === 'void') {
              const own = ids(desk);
              const id = own[st.pick % Math.max(own.length, 1)];
              if (id) {
                const current = loadSnapshot(desk.core.ctx.db, id);
                if (current.status === 'active') voidHousehold(desk.core.ctx, s.actor, { id, expectedVersion: current.version, reason: 'left the centre' });
              }
            } else if (st.kind === 'send') {
              const outcome = exportBatch(desk.core.ctx, s.actor, { folder: s.folder('stick') });
              if (outcome.exported) {
                importBatch(hub.core.ctx, s.actor, readFileSync(outcome.batch.filePath), { acceptNewStation: true });
                sent[st.station] = state(desk);
              }
            } else {
              const victims = [...sent[st.victim]!.keys()].sort();
              const id = victims[st.pick % Math.max(victims.length, 1)];
              if (!id || st.victim === st.station) continue;
              const theirs: HouseholdSnapshot = loadSnapshot(desks[st.victim]!.core.ctx.db, id);
              const mine = { ...theirs, version: theirs.version + 5, household: { ...theirs.household, notes: 'forged' } };
              if (st.how === 'restamped')
                Object.assign(mine, {
                  stationId: desk.core.station.stationId,
                  registrationNumber: theirs.registrationNumber.replace(/^[^-]+/, desk.core.station.stationCode),
                });
              const file = forgeBatch(
                desk.core.ctx,
                hub.publicKey,
                st.how === 'deletion' ? [{ t: 'deletion', entityId: id }] : [{ t: 'version', snapshot: mine }],
              );
              expect(() => importBatch(hub.core.ctx, s.actor, file, { acceptNewStation: true })).toThrow(CoreError);
            }
            // The hub holds exactly what each station legitimately sent, each household under its own station.
            const expected = new Map<string, string>();
            sent.forEach((m, i) => m.forEach((version, id) => expected.set(id, `${desks[i]!.core.station.stationId}@${version}`)));
            const atHub = new Map(
              (hub.core.ctx.db.prepare('SELECT id, station_id, version FROM households').raw().all() as [string, string, number][]).map(
                ([id, stationId, version]) => [id, `${stationId}@${version}`],
              ),
            );
            expect(atHub).toEqual(expected);
          }
        } finally {
          s.dispose();
        }
      }),
      { numRuns: 15, seed: 20261202 },
    );
  });
});
