import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/errors.js';
import { exportBatch, sealCut } from '../../../electron/core/batch/export.js';
import { cutBatch, nextBatchRange } from '../../../electron/core/batch/cut.js';
import { openBatch, readManifestHead, verifyBatch } from '../../../electron/core/batch/envelope.js';
import { bufferSource, fileSource, MAGIC_V2, sealBatchV2, type ByteSource } from '../../../electron/core/batch/envelope-v2.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey, loadHubKeys, loadStationKeys } from '../../../electron/core/batch/keys.js';
import { loadSnapshot } from '../../../electron/core/households/write.js';
import { computeStats } from '../../../electron/core/figures/stats.js';
import { forgeBatch } from '../../helpers/forge.js';
import { family, site, tableCounts, type Desk, type Site } from '../../helpers/batches.js';

/**
 * Batch format version 2 (issue 16) between real stations and a real hub: exported and imported chunk by chunk; a
 * change to any chunk, or to the file between the hub's two readings, refuses the batch whole with nothing applied;
 * a record deep in the stream that breaks a rule rolls back everything applied before it; version 1 still imports.
 */

let s: Site;
let hub: Desk & { publicKey: string };
let station: Desk;
beforeEach(() => {
  s = site();
  hub = s.hub();
  station = s.station('Desk 1');
  installHubKey(station.core.ctx, s.actor, hub.publicKey);
  for (let i = 0; i < 30; i++) station.register(family(`Anahit${'a'.repeat(i % 5)}`, `Petrosyan${i}`, { notes: `Family ${i} `.repeat(20) }));
});
afterEach(() => s.dispose());

/** Exports with small chunks, so that a batch of 30 families spans many of them. */
function exportSmallChunks(desk: Desk = station): Buffer {
  const outcome = exportBatch(desk.core.ctx, s.actor, { folder: s.folder('stick') }, { chunkBytes: 1024 });
  if (!outcome.exported) throw new Error('nothing exported');
  return readFileSync(outcome.batch.filePath);
}

/** Offsets of each chunk's sealed bytes in a version 2 file. */
function chunkOffsets(file: Buffer): { at: number; size: number }[] {
  let at = 12 + file.readUInt32BE(8) + 64;
  const chunks: { at: number; size: number }[] = [];
  for (let size = file.readUInt32BE(at); size > 0; size = file.readUInt32BE(at)) {
    chunks.push({ at: at + 4, size: size + 16 });
    at += 4 + size + 16;
  }
  return chunks;
}

function expectRefused(input: Uint8Array | ByteSource, reason: string): void {
  const before = tableCounts(hub.core.ctx.db);
  const figures = computeStats(hub.core.ctx.db);
  let caught: unknown;
  try {
    importBatch(hub.core.ctx, s.actor, input, { acceptNewStation: true });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CoreError);
  expect((caught as CoreError).issues?.[0]?.code).toBe(`batch.refused.${reason}`);
  const after = tableCounts(hub.core.ctx.db);
  expect({ ...after, audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
  expect(computeStats(hub.core.ctx.db)).toEqual(figures);
}

describe('batch format version 2', () => {
  it('round trip: a station exports version 2 in chunks, the hub imports it from the file piece by piece', () => {
    const file = exportSmallChunks();
    expect(file.subarray(0, 8).equals(MAGIC_V2)).toBe(true);
    expect(chunkOffsets(file).length).toBeGreaterThan(20);
    const manifest = verifyBatch(file);
    expect(manifest).toMatchObject({ formatVersion: 2, chunkBytes: 1024, counts: { households: 30, persons: 60 } });
    // The signed header alone names the station key (the hub's cheap check).
    expect(readManifestHead(file.subarray(0, 12 + file.readUInt32BE(8) + 64)).stationPublicKey).toBe(manifest.stationPublicKey);
    const opened = openBatch(file, loadHubKeys(hub.dataDir)!);
    expect(opened.payload.length).toBe(manifest.payloadBytes);

    const path = `${s.folder('copy')}/batch.ibatch`;
    writeFileSync(path, file);
    const source = fileSource(path);
    try {
      expect(importBatch(hub.core.ctx, s.actor, source, { acceptNewStation: true })).toMatchObject({
        status: 'imported',
        applied: 30,
        households: 30,
        persons: 60,
      });
    } finally {
      source.close?.();
    }
    expect(computeStats(hub.core.ctx.db)).toMatchObject({ households: 30, persons: 60 });
    // The same file again is the same batch.
    expect(importBatch(hub.core.ctx, s.actor, file, { acceptNewStation: true }).status).toBe('duplicate');
  });

  it('a byte changed in any chunk, the trailer or a signature refuses the batch whole', () => {
    const file = exportSmallChunks();
    const chunks = chunkOffsets(file);
    const flipped = (at: number) => {
      const copy = Buffer.from(file);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      return copy;
    };
    for (const [i, c] of chunks.entries()) expectRefused(flipped(c.at + ((i * 37) % c.size)), 'bad_signature');
    // A chunk's length (now longer than a chunk may be), the end's count, the payload hash in the trailer, the final
    // signature, the header signature.
    expectRefused(flipped(chunks[3]!.at - 1), 'malformed');
    expectRefused(flipped(file.length - 64 - 40), 'bad_signature');
    expectRefused(flipped(file.length - 64 - 5), 'bad_signature');
    expectRefused(flipped(file.length - 1), 'bad_signature');
    expectRefused(flipped(12 + file.readUInt32BE(8) + 10), 'bad_signature');
    // Cut short at a chunk's end, inside a chunk, or before the signature.
    expectRefused(file.subarray(0, chunks[5]!.at + chunks[5]!.size), 'truncated');
    expectRefused(file.subarray(0, chunks[5]!.at + 7), 'truncated');
    expectRefused(file.subarray(0, file.length - 1), 'truncated');
    // Two chunks swapped: each still decrypts under its own index only, and the signed digest differs.
    const swapped = Buffer.from(file);
    const [a, b] = [chunks[2]!, chunks[3]!];
    file.copy(swapped, a.at, b.at, b.at + b.size);
    file.copy(swapped, b.at, a.at, a.at + a.size);
    expectRefused(swapped, 'bad_signature');
    expect(importBatch(hub.core.ctx, s.actor, file, { acceptNewStation: true }).status).toBe('imported');
  });

  it('a file changed between the check and the reading is refused, and what was applied is rolled back', () => {
    const file = exportSmallChunks();
    const last = chunkOffsets(file).at(-1)!;
    // The first reading (the signature's check, to the file's end) sees the station's file; the second, decrypting
    // and applying, finds its last chunk changed after 29 families were applied in the transaction.
    let ends = 0;
    const base = bufferSource(file);
    const changing: ByteSource = {
      size: file.length,
      read(position, length) {
        const bytes = Buffer.from(base.read(position, length));
        if (ends >= 1 && position <= last.at && position + bytes.length > last.at) bytes[last.at - position] = (bytes[last.at - position] ?? 0) ^ 0x01;
        if (position + bytes.length === file.length) ends++;
        return bytes;
      },
    };
    expectRefused(changing, 'decrypt_failed');
    expect(ends).toBe(1);
  });

  it('a record that breaks a rule at the end of the stream rolls back every record before it', () => {
    const other = s.station('Desk 2', 'YRV1');
    installHubKey(other.core.ctx, s.actor, hub.publicKey);
    const theirs = other.register(family('Lilit', 'Avetisyan'));
    const outcome = exportBatch(other.core.ctx, s.actor, { folder: s.folder('stick') });
    if (!outcome.exported) throw new Error('nothing exported');
    expect(importBatch(hub.core.ctx, s.actor, readFileSync(outcome.batch.filePath), { acceptNewStation: true }).status).toBe('imported');
    // Desk 1 (enrolled) sends 30 families of its own and, last, a version of Desk 2's family.
    expect(importBatch(hub.core.ctx, s.actor, exportSmallChunks(), { acceptNewStation: true }).status).toBe('imported');
    const own = [...Array(12).keys()].map((i) => ({
      t: 'version' as const,
      snapshot: {
        ...loadSnapshot(station.core.ctx.db, station.core.ctx.db.prepare('SELECT id FROM households ORDER BY id LIMIT 1 OFFSET ?').pluck().get(i) as string),
        version: 5,
      },
    }));
    const stolen = { ...loadSnapshot(other.core.ctx.db, theirs.id), stationId: station.core.ctx.station.stationId, version: 9 };
    const v1 = forgeBatch(station.core.ctx, hub.publicKey, [...own, { t: 'version', snapshot: stolen }]);
    const payload = openBatch(v1, loadHubKeys(hub.dataDir)!).payload;
    const m = verifyBatch(v1);
    const v2 = sealBatchV2({
      manifest: {
        batchId: m.batchId,
        stationId: m.stationId,
        centre: m.centre,
        sequenceFrom: m.sequenceFrom,
        sequenceTo: m.sequenceTo,
        counts: m.counts,
        createdAt: m.createdAt,
      },
      stationKeys: loadStationKeys(station.core.ctx),
      hubPublicKey: hub.publicKey,
      payload,
      chunkBytes: 700,
    });
    expectRefused(v2, 'not_owner');
    expect(hub.core.ctx.db.prepare('SELECT max(version) FROM households WHERE station_id = ?').pluck().get(station.core.ctx.station.stationId)).toBe(1);
  });

  it('version 1 files still import', () => {
    const ctx = station.core.ctx;
    const range = nextBatchRange(ctx.db)!;
    const cut = cutBatch(ctx, ctx.newId(), range);
    const v1 = sealCut(ctx, cut, hub.publicKey);
    expect(v1.subarray(0, 8).toString('latin1')).toBe('INTAKEB1');
    expect(verifyBatch(v1).formatVersion).toBe(1);
    expect(importBatch(hub.core.ctx, s.actor, v1, { acceptNewStation: true })).toMatchObject({ status: 'imported', applied: 30, persons: 60 });
    expect(computeStats(hub.core.ctx.db)).toMatchObject({ households: 30, persons: 60 });
  });
});
