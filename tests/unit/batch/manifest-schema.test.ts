import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BatchError, readManifestHead, sealBatch, verifyBatch } from '../../../electron/core/batch/envelope.js';
import { sealBatchV2 } from '../../../electron/core/batch/envelope-v2.js';
import { generateHubKeyPair, generateStationKeyPair } from '../../../electron/core/batch/raw-keys.js';

/**
 * The manifest (version 1) and the header (version 2) are parsed with their schemas: a wrong type, a missing field,
 * an unknown field or an oversized one is refused with the code the format names, and the detail names the field.
 */

const station = generateStationKeyPair();
const hub = generateHubKeyPair();
const input = {
  batchId: '00000000-0000-7000-8000-000000000001',
  stationId: '00000000-0000-7000-8000-000000000002',
  centre: 'GRS1',
  sequenceFrom: 1,
  sequenceTo: 9,
  counts: { households: 3, persons: 7, events: 0 },
  createdAt: '2026-11-20T09:00:00.000Z',
};
const v1 = sealBatch({ manifest: input, payload: randomBytes(40), stationKeys: station, hubPublicKey: hub.publicKey });
const v2 = sealBatchV2({ manifest: input, payload: randomBytes(40), stationKeys: station, hubPublicKey: hub.publicKey, chunkBytes: 16 });

type Json = Record<string, unknown>;
const headJson = (file: Buffer): Json => JSON.parse(file.subarray(12, 12 + file.readUInt32BE(8)).toString('utf8')) as Json;

/** A head with another manifest (or header): magic, length, the JSON as given (and 64 bytes of signature room for version 2). */
function headWith(file: Buffer, json: string): Buffer {
  const bytes = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([file.subarray(0, 8), length, bytes, Buffer.alloc(64)]);
}

function refusal(action: () => unknown): { code: string; detail: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof BatchError) return { code: error.code, detail: error.detail ?? '' };
    throw error;
  }
  return { code: 'accepted', detail: '' };
}

const changed = (file: Buffer, change: (m: Json) => void): Buffer => {
  const m = headJson(file);
  change(m);
  return headWith(file, JSON.stringify(m));
};

describe.each([
  ['version 1', v1],
  ['version 2', v2],
])('the %s head, parsed by its schema', (_name, file) => {
  it('reads the sealed head as it is', () => {
    expect(readManifestHead(file).batchId).toBe(input.batchId);
  });

  it.each([
    [
      'a wrong type',
      (m: Json) => {
        m.sequenceTo = '9';
      },
      /^sequenceTo: must be a whole number/,
    ],
    [
      'a fraction',
      (m: Json) => {
        m.sequenceFrom = 1.5;
      },
      /^sequenceFrom: must be a whole number/,
    ],
    [
      'a nested wrong type',
      (m: Json) => {
        m.counts = { households: 3, persons: -1, events: 0 };
      },
      /^counts\.persons: must be a whole number/,
    ],
    [
      'a missing field',
      (m: Json) => {
        delete m.centre;
      },
      /^centre: must be a non-empty string/,
    ],
    [
      'an empty text',
      (m: Json) => {
        m.stationId = '';
      },
      /^stationId: must be a non-empty string/,
    ],
    [
      'a key of the wrong length',
      (m: Json) => {
        m.stationPublicKey = Buffer.alloc(31).toString('base64');
      },
      /^stationPublicKey: must be the base64 of 32 bytes/,
    ],
    [
      'an unknown field',
      (m: Json) => {
        m.note = 'x';
      },
      /^unknown field "note"/,
    ],
    [
      'an unknown nested field',
      (m: Json) => {
        m.encryption = { ...(m.encryption as Json), mode: 'x' };
      },
      /^encryption: unknown field "mode"/,
    ],
    [
      'another scheme',
      (m: Json) => {
        m.encryption = { ...(m.encryption as Json), scheme: 'ROT13' };
      },
      /^encryption\.scheme: is not supported/,
    ],
    [
      'a local time',
      (m: Json) => {
        m.createdAt = '2026-11-20T09:00:00+04:00';
      },
      /^createdAt: must be a UTC timestamp/,
    ],
    [
      'a range backwards',
      (m: Json) => {
        m.sequenceFrom = 10;
      },
      /^sequenceFrom must not exceed sequenceTo/,
    ],
  ])('refuses %s as malformed, naming the field', (_what, change, detail) => {
    const refused = refusal(() => readManifestHead(changed(file, change)));
    expect(refused.code).toBe('malformed');
    expect(refused.detail).toMatch(detail);
  });

  it('refuses what is not an intake-batch manifest, and knows a later version from nonsense', () => {
    expect(refusal(() => readManifestHead(headWith(file, '[1,2]'))).code).toBe('malformed');
    expect(refusal(() => readManifestHead(headWith(file, '{"format":"other"}'))).code).toBe('malformed');
    expect(refusal(() => readManifestHead(headWith(file, 'not json'))).code).toBe('malformed');
    expect(
      refusal(() =>
        readManifestHead(
          changed(file, (m) => {
            m.formatVersion = 7;
          }),
        ),
      ).code,
    ).toBe('unsupported_version');
    expect(
      refusal(() =>
        readManifestHead(
          changed(file, (m) => {
            m.formatVersion = '2';
          }),
        ),
      ).code,
    ).toBe('malformed');
  });

  it('refuses an oversized head by its length, before reading it', () => {
    const huge = Buffer.from(file.subarray(0, 12));
    huge.writeUInt32BE(64 * 1024 + 1, 8);
    expect(refusal(() => readManifestHead(huge))).toMatchObject({ code: 'malformed', detail: expect.stringMatching(/length 65537/) as unknown });
    expect(refusal(() => verifyBatch(huge)).code).toBe('malformed');
  });

  it('refuses the same fields in another order or spacing (not canonical)', () => {
    const m = headJson(file);
    expect(refusal(() => readManifestHead(headWith(file, JSON.stringify(m, null, 1)))).detail).toMatch(/canonical form/);
  });
});

describe('the version 2 header alone', () => {
  it('refuses a chunk size out of range', () => {
    for (const chunkBytes of [0, 16 * 1024 * 1024 + 1, 'big']) {
      const refused = refusal(() =>
        readManifestHead(
          changed(v2, (m) => {
            m.chunkBytes = chunkBytes;
          }),
        ),
      );
      expect(refused).toMatchObject({ code: 'malformed', detail: expect.stringMatching(/^chunkBytes: must be a whole number from 1/) as unknown });
    }
  });

  it('refuses a version 1 manifest in a version 2 file (payload fields are not header fields)', () => {
    const refused = refusal(() =>
      readManifestHead(
        changed(v2, (m) => {
          m.payloadBytes = 40;
        }),
      ),
    );
    expect(refused).toMatchObject({ code: 'malformed', detail: expect.stringMatching(/unknown field "payloadBytes"/) as unknown });
  });
});
