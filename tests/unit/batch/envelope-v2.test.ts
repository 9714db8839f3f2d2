import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BatchError } from '../../../electron/core/batch/envelope.js';
import { openBatch, readManifestHead, verifyBatch } from '../../../electron/core/batch/envelope.js';
import { generateHubKeyPair, generateStationKeyPair } from '../../../electron/core/batch/raw-keys.js';
import { bufferSource, chunksSource, sealBatchV2 } from '../../../electron/core/batch/envelope-v2.js';

/** Format version 2's envelope alone: round trips at chunk boundaries, the signed head, sources over pieces. */

const station = generateStationKeyPair();
const hub = generateHubKeyPair();
const manifest = {
  batchId: '00000000-0000-7000-8000-000000000001',
  stationId: '00000000-0000-7000-8000-000000000002',
  centre: 'GRS1',
  sequenceFrom: 1,
  sequenceTo: 9,
  counts: { households: 3, persons: 7, events: 0 },
  createdAt: '2026-11-20T09:00:00.000Z',
};
const seal = (payload: Buffer, chunkBytes: number) => sealBatchV2({ manifest, stationKeys: station, hubPublicKey: hub.publicKey, payload, chunkBytes });

describe('format version 2', () => {
  it.each([
    [0, 16],
    [1, 16],
    [16, 16],
    [17, 16],
    [4096, 1000],
    [70_000, 65_536],
  ])('round trip of %i bytes in chunks of %i', (size, chunkBytes) => {
    const payload = randomBytes(size);
    const file = seal(payload, chunkBytes);
    expect(verifyBatch(file)).toMatchObject({ formatVersion: 2, chunkBytes, payloadBytes: size, batchId: manifest.batchId });
    expect(openBatch(file, hub).payload.equals(payload)).toBe(true);
  });

  it('the head is signed: a changed byte in it is refused by the cheap check, a cut one is truncated', () => {
    const file = seal(randomBytes(100), 64);
    const head = file.subarray(0, 12 + file.readUInt32BE(8) + 64);
    expect(readManifestHead(head).stationPublicKey).toBe(station.publicKey);
    const changed = Buffer.from(head);
    const at = changed.indexOf('"createdAt":"') + 16;
    changed[at] = (changed[at] ?? 0) ^ 0x01;
    expect(() => readManifestHead(changed)).toThrow(expect.objectContaining({ code: 'bad_signature' }) as BatchError);
    expect(() => readManifestHead(head.subarray(0, head.length - 1))).toThrow(expect.objectContaining({ code: 'truncated' }) as BatchError);
  });

  it('another hub cannot open it', () => {
    expect(() => openBatch(seal(randomBytes(10), 16), generateHubKeyPair())).toThrow(expect.objectContaining({ code: 'wrong_hub' }) as BatchError);
  });

  it('a source over pieces reads what one buffer reads, across any boundary', () => {
    const whole = randomBytes(1000);
    const pieces = [whole.subarray(0, 1), whole.subarray(1, 300), whole.subarray(300, 301), whole.subarray(301)];
    const a = chunksSource(pieces);
    const b = bufferSource(whole);
    expect(a.size).toBe(1000);
    for (const [at, length] of [
      [0, 1],
      [0, 2],
      [299, 3],
      [300, 1],
      [301, 699],
      [0, 1000],
      [990, 50],
      [1000, 5],
    ] as const) {
      expect(a.read(at, length).equals(b.read(at, length)), `${at}+${length}`).toBe(true);
    }
  });
});
