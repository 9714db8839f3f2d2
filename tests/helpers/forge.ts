import { sealBatch } from '../../electron/core/batch/envelope.js';
import { loadStationKeys } from '../../electron/core/batch/keys.js';
import { PAYLOAD_VERSION } from '../../electron/core/batch/payload.js';
import type { CoreContext } from '../../electron/core/context.js';
import type { HouseholdSnapshot } from '../../electron/core/households/snapshot.js';

/**
 * Hub trust (issue 11): a batch an enrolled station could write by hand, sealed with its real key, holding whatever
 * versions and deletions the test names. Valid in every way a hub checks before ownership.
 */
export type ForgedRecord = { t: 'version'; snapshot: HouseholdSnapshot; op?: string } | { t: 'deletion'; entityId: string; version?: number };

let forged = 0;

export function forgedBatchId(): string {
  forged++;
  return `00000000-0000-7000-8eee-${forged.toString(16).padStart(12, '0')}`;
}

export function forgeBatch(
  ctx: CoreContext,
  hubPublicKey: string,
  records: ForgedRecord[],
  firstSeq = 10_000 + forged * 100,
  overrides: { stationId?: string; batchId?: string; padding?: number; headerExtra?: Record<string, unknown> } = {},
): Buffer {
  const batchId = overrides.batchId ?? forgedBatchId();
  const st = { ...ctx.station, ...(overrides.stationId ? { stationId: overrides.stationId } : {}) };
  const at = '2024-09-26T12:00:00.000Z';
  const sequenceFrom = firstSeq;
  const sequenceTo = firstSeq + Math.max(records.length, 1) - 1;
  const lines: string[] = [
    JSON.stringify({
      t: 'batch',
      payloadVersion: PAYLOAD_VERSION,
      batchId,
      stationId: st.stationId,
      stationCode: st.stationCode,
      stationLabel: st.stationLabel,
      centreCode: st.centreCode,
      centreName: st.centreName,
      sequenceFrom,
      sequenceTo,
      auditFrom: 1,
      auditTo: 0,
      createdAt: at,
      ...overrides.headerExtra,
    }),
  ];
  const households = new Map<string, number>();
  let versions = 0;
  let deletions = 0;
  records.forEach((r, i) => {
    const seq = firstSeq + i;
    if (r.t === 'version') {
      lines.push(JSON.stringify({ t: 'version', seq, op: r.op ?? 'edited', at, operator: 'forger', reason: '', snapshot: r.snapshot }));
      households.set(r.snapshot.id, r.snapshot.household.members.length);
      versions++;
    } else {
      lines.push(JSON.stringify({ t: 'deletion', seq, entity: 'household', entityId: r.entityId, version: r.version ?? 9, at, op: 'deleted' }));
      households.delete(r.entityId);
      deletions++;
    }
  });
  lines.push(JSON.stringify({ t: 'end', versions, deletions, events: 0 }));
  // Bulk for size tests: trailing newlines after the end record would be refused, so the header carries it.
  if (overrides.padding) lines[0] = lines[0]!.replace(/}$/, `,"padding":"${'x'.repeat(overrides.padding)}"}`);
  let persons = 0;
  for (const n of households.values()) persons += n;
  return sealBatch({
    manifest: {
      batchId,
      stationId: st.stationId,
      centre: st.centreCode,
      sequenceFrom,
      sequenceTo,
      counts: { households: households.size, persons, events: 0 },
      createdAt: at,
    },
    payload: Buffer.from(`${lines.join('\n')}\n`),
    stationKeys: loadStationKeys(ctx),
    hubPublicKey,
  });
}
