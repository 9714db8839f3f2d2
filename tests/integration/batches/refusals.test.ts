import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cutBatch, pendingRange } from '../../../electron/core/batch/cut.js';
import { sealBatch } from '../../../electron/core/batch/envelope.js';
import { generateHubKeyPair, generateStationKeyPair } from '../../../electron/core/batch/raw-keys.js';
import { exportBatch, exportPlain } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey, loadStationKeys } from '../../../electron/core/batch/keys.js';
import { CoreError } from '../../../electron/core/errors.js';
import type { BatchView } from '../../../electron/api/views-batches.js';
import { family, site, tableCounts, type Desk, type Site } from '../../helpers/batches.js';

let s: Site;
let hub: Desk & { publicKey: string };
let station: Desk;
let batch: BatchView;
let bytes: Buffer;

const NAMES = [
  ['Anahit', 'Hovhannisyan'],
  ['Սոնա', 'Մկրտչյան'],
  ['Людмила', 'Григорян'],
  ['Վարդուհի', 'Պետրոսյան'],
  ['Tatevik', 'Sargsyan'],
] as const;

beforeEach(() => {
  s = site();
  hub = s.hub();
  station = s.station('Desk 1');
  installHubKey(station.core.ctx, s.actor, hub.publicKey);
  for (const [given, surname] of NAMES) station.register(family(given, surname, { notes: `Notes about ${given}`, phone: '+374 77 987654' }));
  const outcome = exportBatch(station.core.ctx, s.actor, { folder: s.folder('stick') });
  if (!outcome.exported) throw new Error('nothing exported');
  batch = outcome.batch;
  bytes = readFileSync(batch.filePath);
});
afterEach(() => s.dispose());

/** Imports `file` at the hub, expects a refusal with `reason`, and checks nothing at the hub changed. */
function expectRefused(file: Uint8Array, reason: string, at: Desk = hub): CoreError {
  const before = tableCounts(at.core.ctx.db);
  let caught: unknown;
  try {
    importBatch(at.core.ctx, s.actor, file, { acceptNewStation: true });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CoreError);
  const error = caught as CoreError;
  expect(error.code).toBe('refused');
  expect(error.issues?.[0]?.code).toBe(`batch.refused.${reason}`);
  expect(error.message.length).toBeGreaterThan(20);
  // Nothing applied; the hub's own trail may gain the refusal itself (batch.refused), nothing else.
  const after = tableCounts(at.core.ctx.db);
  const audited = (after.audit_events ?? 0) - (before.audit_events ?? 0);
  expect({ ...after, audit_events: before.audit_events }).toEqual(before);
  if (audited > 0) {
    expect(audited).toBe(1);
    expect(at.core.ctx.db.prepare('SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get()).toBe('batch.refused');
  }
  return error;
}

const flipped = (at: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
};

const manifestLength = () => bytes.readUInt32BE(8);

function resignedBy(privateKeyB64: string, file: Buffer): Buffer {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(privateKeyB64, 'base64')]),
    format: 'der',
    type: 'pkcs8',
  });
  const signed = file.subarray(0, file.length - 64);
  return Buffer.concat([signed, sign(null, signed, key)]);
}

const FORGED_ID = '00000000-0000-7000-8fff-000000000001';
const LYING_ID = '00000000-0000-7000-8fff-000000000002';
const GARBAGE_ID = '00000000-0000-7000-8fff-000000000003';

describe('a hub refuses a damaged or foreign batch whole, and applies nothing of it', () => {
  it('a flipped byte anywhere: in the manifest, the sealed contents or the signature', () => {
    // A digit of the creation year: the manifest still parses, but it is no longer what the station signed.
    expectRefused(flipped(bytes.indexOf('"createdAt":"') + 16), 'bad_signature');
    expectRefused(flipped(12 + manifestLength() + 8 + 100), 'bad_signature');
    expectRefused(flipped(bytes.length - 1), 'bad_signature');
    expectRefused(flipped(3), 'malformed');
    // The untouched file still goes in afterwards: the refusals left no trace.
    expect(importBatch(hub.core.ctx, s.actor, bytes, { acceptNewStation: true }).status).toBe('imported');
  });

  it('a truncated file (a copy cut short)', () => {
    expect(expectRefused(bytes.subarray(0, Math.floor(bytes.length / 2)), 'truncated').message).toMatch(/cut short/);
    expectRefused(bytes.subarray(0, bytes.length - 1), 'truncated');
    expectRefused(bytes.subarray(0, 5), 'truncated');
  });

  it('a batch sealed for another hub', () => {
    const otherHub = generateHubKeyPair();
    const other = s.station('Desk 9');
    installHubKey(other.core.ctx, s.actor, otherHub.publicKey);
    other.register(family('Anahit', 'Hovhannisyan'));
    const outcome = exportBatch(other.core.ctx, s.actor, { folder: s.folder('other') });
    if (!outcome.exported) throw new Error('nothing exported');
    expect(expectRefused(readFileSync(outcome.batch.filePath), 'wrong_hub').message).toMatch(/different hub/);
  });

  it('a forged signature: re-signed by another key, or sealed by an impostor under a known station id', () => {
    const intruder = generateStationKeyPair();
    expectRefused(resignedBy(intruder.privateKey, bytes), 'bad_signature');

    importBatch(hub.core.ctx, s.actor, bytes, { acceptNewStation: true });
    const range = { sequenceFrom: 6, sequenceTo: 6, auditFrom: 7, auditTo: 6 };
    const forged = sealBatch({
      manifest: {
        batchId: FORGED_ID,
        stationId: station.core.station.stationId,
        centre: 'GRS1',
        sequenceFrom: 6,
        sequenceTo: 6,
        counts: { households: 0, persons: 0, events: 0 },
        createdAt: '2024-09-26T11:00:00.000Z',
      },
      payload: cutBatch(station.core.ctx, FORGED_ID, range).payload,
      stationKeys: intruder,
      hubPublicKey: hub.publicKey,
    });
    expect(expectRefused(forged, 'station_key_changed').message).toMatch(/different key/);
  });

  it('an unknown format version', () => {
    // Versions 1 and 2 are read; a file of version 3 (a newer app) is not.
    const v3 = Buffer.from(bytes);
    v3[7] = '3'.charCodeAt(0);
    expectRefused(v3, 'unsupported_version');
  });

  it('the same batch id with other contents', () => {
    importBatch(hub.core.ctx, s.actor, bytes, { acceptNewStation: true });
    const range = pendingRange(station.core.ctx.db) ?? { sequenceFrom: 1, sequenceTo: 5, auditFrom: 1, auditTo: 5 };
    const twin = sealBatch({
      manifest: {
        batchId: batch.id,
        stationId: station.core.station.stationId,
        centre: 'GRS1',
        sequenceFrom: range.sequenceFrom,
        sequenceTo: range.sequenceTo,
        counts: { households: 0, persons: 0, events: 0 },
        createdAt: '2024-09-26T11:00:00.000Z',
      },
      payload: Buffer.from('{}\n'),
      stationKeys: loadStationKeys(station.core.ctx),
      hubPublicKey: hub.publicKey,
    });
    expectRefused(twin, 'same_id_other_content');
  });

  it('a validly sealed batch whose contents disagree with its manifest', () => {
    const keys = loadStationKeys(station.core.ctx);
    const range = { sequenceFrom: 1, sequenceTo: 5, auditFrom: 1, auditTo: 0 };
    const payload = cutBatch(station.core.ctx, LYING_ID, range).payload;
    const lying = sealBatch({
      manifest: {
        batchId: LYING_ID,
        stationId: station.core.station.stationId,
        centre: 'GRS1',
        sequenceFrom: 1,
        sequenceTo: 5,
        counts: { households: 99, persons: 2, events: 0 },
        createdAt: '2024-09-26T11:00:00.000Z',
      },
      payload,
      stationKeys: keys,
      hubPublicKey: hub.publicKey,
    });
    expectRefused(lying, 'payload_invalid');
    const garbage = sealBatch({
      manifest: {
        batchId: GARBAGE_ID,
        stationId: station.core.station.stationId,
        centre: 'GRS1',
        sequenceFrom: 1,
        sequenceTo: 1,
        counts: { households: 0, persons: 0, events: 0 },
        createdAt: '2024-09-26T11:00:00.000Z',
      },
      payload: Buffer.from('not json at all'),
      stationKeys: keys,
      hubPublicKey: hub.publicKey,
    });
    expectRefused(garbage, 'payload_invalid');
  });

  it('a station folder is not a hub', () => {
    expectRefused(bytes, 'not_hub', s.station('Desk 5'));
  });

  it('an unknown station waits for confirmation, and is enrolled only with its own fingerprint', () => {
    const before = tableCounts(hub.core.ctx.db);
    const asked = importBatch(hub.core.ctx, s.actor, bytes);
    expect(asked.status).toBe('confirm_station');
    // Nothing of an unknown station's batch is decrypted: what the supervisor checks comes from the manifest.
    expect(asked.station).toMatchObject({ centreCode: 'GRS1', stationId: station.core.station.stationId });
    expect(importBatch(hub.core.ctx, s.actor, bytes, { acceptNewStation: 'ffff ffff ffff ffff ffff ffff ffff ffff' }).status).toBe('confirm_station');
    expect(tableCounts(hub.core.ctx.db)).toEqual(before);
    expect(importBatch(hub.core.ctx, s.actor, bytes, { acceptNewStation: asked.station.fingerprint })).toMatchObject({ status: 'imported', firstUse: true });
  });
});

describe('what leaves the station', () => {
  it('the batch file holds no readable name, note or phone number', () => {
    const needles = NAMES.flat()
      .flatMap((n) => [n, n.toUpperCase()])
      .concat(['Notes about', '987654', 'Martakert', station.core.station.stationLabel]);
    for (const needle of needles) {
      expect(Buffer.byteLength(needle)).toBeGreaterThanOrEqual(6);
      expect(bytes.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
      expect(bytes.includes(Buffer.from(needle, 'utf16le')), needle).toBe(false);
    }
    // …while the hub reads every one of them back.
    importBatch(hub.core.ctx, s.actor, bytes, { acceptNewStation: true });
    expect(hub.core.ctx.db.prepare('SELECT count(*) FROM persons WHERE given_name = ?').pluck().get('Սոնա')).toBe(1);
  });

  it('without a hub key the station writes no batch; a supervisor plain export warns, is audited and keeps the changes waiting', () => {
    const bare = s.station('Desk 7');
    bare.register(family('Anahit', 'Hovhannisyan'));
    const stick = s.folder('stick');
    expect(() => exportBatch(bare.core.ctx, s.actor, { folder: stick })).toThrowError(/No hub key is installed/);
    const waiting = pendingRange(bare.core.ctx.db);
    const plain = exportPlain(bare.core.ctx, s.actor, { folder: stick });
    expect(plain).toMatchObject({ households: 1, persons: 2 });
    expect(readFileSync(plain!.filePath, 'utf8')).toContain('Anahit');
    expect(pendingRange(bare.core.ctx.db)).toMatchObject({ sequenceFrom: waiting!.sequenceFrom, sequenceTo: waiting!.sequenceTo, auditFrom: 1 });
    expect(bare.core.ctx.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'batch.plain_exported'").pluck().get()).toBe(1);
    // A plain export is not a batch: a hub does not take it in.
    expectRefused(readFileSync(plain!.filePath), 'malformed');
  });
});
