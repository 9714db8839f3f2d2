import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BatchError,
  openBatch,
  sealBatch,
  sealBatchForTestVectors,
  verifyBatch,
  type BatchErrorCode,
  type BatchManifestInput,
} from '../../../electron/core/batch/envelope.js';
import { generateHubKeyPair, generateStationKeyPair, keyFingerprint, type KeyPair } from '../../../electron/core/batch/raw-keys.js';

interface NegativeVector {
  name: string;
  operation: 'verify' | 'open';
  hubKeys?: 'hub' | 'otherHub';
  fileBase64: string;
  expectedError: BatchErrorCode;
}

interface Vectors {
  keys: Record<'station' | 'otherStation' | 'hub' | 'otherHub', KeyPair & { fingerprint: string }>;
  testOnlyRandomness: { ephemeralPrivateKey: string; ephemeralPublicKey: string; iv: string };
  manifestInput: BatchManifestInput;
  payload: { utf8: string; base64: string; sha256: string };
  expected: { manifest: unknown; manifestJson: string; signatureBase64: string; fileBase64: string };
  negative: NegativeVector[];
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/batch-vectors.json', import.meta.url), 'utf8')) as Vectors;

const station = generateStationKeyPair();
const otherStation = generateStationKeyPair();
const hub = generateHubKeyPair();
const otherHub = generateHubKeyPair();

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SIGNATURE_BYTES = 64;
const BATCH_ERROR_CODES: readonly string[] = [
  'malformed',
  'truncated',
  'unsupported_version',
  'bad_signature',
  'wrong_hub',
  'decrypt_failed',
  'hash_mismatch',
] satisfies BatchErrorCode[];

function manifestInput(overrides: Partial<BatchManifestInput> = {}): BatchManifestInput {
  return {
    batchId: 'batch-0001',
    stationId: 'station-07',
    centre: 'Goris Registration Centre',
    sequenceFrom: 1,
    sequenceTo: 12,
    counts: { households: 2, persons: 5, events: 12 },
    createdAt: '2025-01-31T09:30:00.000Z',
    ...overrides,
  };
}

function seal(payload: Uint8Array, keys: { station?: KeyPair; hub?: KeyPair } = {}): Buffer {
  return sealBatch({
    manifest: manifestInput(),
    payload,
    stationKeys: keys.station ?? station,
    hubPublicKey: (keys.hub ?? hub).publicKey,
  });
}

function errorCodeOf(action: () => unknown): BatchErrorCode | 'no error' | 'not a BatchError' {
  try {
    action();
    return 'no error';
  } catch (error) {
    return error instanceof BatchError ? error.code : 'not a BatchError';
  }
}

function resign(bytes: Buffer, signer: KeyPair): Buffer {
  const signed = bytes.subarray(0, -SIGNATURE_BYTES);
  const key = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(signer.privateKey, 'base64')]),
    format: 'der',
    type: 'pkcs8',
  });
  return Buffer.concat([signed, sign(null, signed, key)]);
}

describe('keys', () => {
  it('generates raw 32-byte base64 keys', () => {
    for (const pair of [station, hub]) {
      expect(Buffer.from(pair.publicKey, 'base64')).toHaveLength(32);
      expect(Buffer.from(pair.privateKey, 'base64')).toHaveLength(32);
    }
  });

  it('prints fingerprints as 8 groups of 4 hex digits', () => {
    expect(keyFingerprint(hub.publicKey)).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    expect(keyFingerprint(vectors.keys.hub.publicKey)).toBe(vectors.keys.hub.fingerprint);
  });

  it('rejects a key that is not base64 of 32 bytes', () => {
    expect(() => keyFingerprint('not a key')).toThrow(TypeError);
  });
});

describe('seal, verify and open', () => {
  const payload = Buffer.from('{"households":[]}', 'utf8');

  it('round-trips the payload and fills in the computed manifest fields', () => {
    const file = seal(payload);
    const { manifest, payload: opened } = openBatch(file, hub);
    expect(opened.equals(payload)).toBe(true);
    expect(manifest).toMatchObject({
      format: 'intake-batch',
      formatVersion: 1,
      ...manifestInput(),
      stationPublicKey: station.publicKey,
      hubKeyFingerprint: keyFingerprint(hub.publicKey),
      payloadBytes: payload.length,
      encryption: { scheme: 'X25519-HKDF-SHA256-AES-256-GCM' },
    });
  });

  it('verifies without the hub key', () => {
    expect(verifyBatch(seal(payload)).stationPublicKey).toBe(station.publicKey);
  });

  it('accepts a plain Uint8Array (as delivered over IPC)', () => {
    const file = new Uint8Array(seal(payload));
    expect(openBatch(file, hub).payload.equals(payload)).toBe(true);
  });

  it('uses a fresh ephemeral key and IV for every batch', () => {
    const first = verifyBatch(seal(payload)).encryption;
    const second = verifyBatch(seal(payload)).encryption;
    expect(first.ephemeralPublicKey).not.toBe(second.ephemeralPublicKey);
    expect(first.iv).not.toBe(second.iv);
  });

  it("refuses to open another hub's batch with 'wrong_hub'", () => {
    expect(errorCodeOf(() => openBatch(seal(payload), otherHub))).toBe('wrong_hub');
  });

  it("reports a signature by another station key as 'bad_signature'", () => {
    const forged = resign(seal(payload), otherStation);
    expect(errorCodeOf(() => verifyBatch(forged))).toBe('bad_signature');
    expect(errorCodeOf(() => openBatch(forged, hub))).toBe('bad_signature');
  });

  it("reports every truncation as 'truncated'", () => {
    const file = seal(payload);
    for (let length = 0; length < file.length; length += 1) {
      expect([length, errorCodeOf(() => verifyBatch(file.subarray(0, length)))]).toEqual([length, 'truncated']);
    }
  });

  it('gives the clerk a plain-words message', () => {
    try {
      verifyBatch(seal(payload).subarray(0, 100));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BatchError);
      expect((error as BatchError).message).toBe('The batch file is cut short: it may have been copied incompletely.');
    }
  });

  it('refuses to seal with a mismatched station key pair or an invalid manifest', () => {
    const mismatched = { publicKey: otherStation.publicKey, privateKey: station.privateKey };
    expect(() => seal(payload, { station: mismatched })).toThrow(RangeError);
    const backwards = manifestInput({ sequenceFrom: 5, sequenceTo: 4 });
    expect(() => sealBatch({ manifest: backwards, payload, stationKeys: station, hubPublicKey: hub.publicKey })).toThrow(
      /sequenceFrom must not exceed sequenceTo/,
    );
  });

  it('does not leak names from the payload into the sealed bytes', () => {
    const names = ['Հասմիկ Սարգսյան', 'Hasmik Sargsyan', 'Հասմիկ', 'Սարգսյան', 'Hasmik', 'Sargsyan'];
    const household = { members: [{ nativeName: names[0], latinName: names[1] }] };
    const file = seal(Buffer.from(JSON.stringify(household), 'utf8'));
    for (const name of names) expect(file.includes(Buffer.from(name, 'utf8'))).toBe(false);
  });
});

describe('test vectors (tests/fixtures/batch-vectors.json)', () => {
  const expectedFile = Buffer.from(vectors.expected.fileBase64, 'base64');
  const payload = Buffer.from(vectors.payload.base64, 'base64');

  it('reproduces the file byte for byte', () => {
    const file = sealBatchForTestVectors(
      {
        manifest: vectors.manifestInput,
        payload,
        stationKeys: vectors.keys.station,
        hubPublicKey: vectors.keys.hub.publicKey,
      },
      vectors.testOnlyRandomness,
    );
    expect(file.toString('base64')).toBe(vectors.expected.fileBase64);
    expect(file.subarray(-SIGNATURE_BYTES).toString('base64')).toBe(vectors.expected.signatureBase64);
  });

  it('verifies and opens to the expected manifest and payload', () => {
    expect(verifyBatch(expectedFile)).toEqual(vectors.expected.manifest);
    const opened = openBatch(expectedFile, vectors.keys.hub);
    expect(JSON.stringify(opened.manifest)).toBe(vectors.expected.manifestJson);
    expect(opened.payload.toString('utf8')).toBe(vectors.payload.utf8);
  });

  it('detects a flipped byte at every position of the file', () => {
    for (let index = 0; index < expectedFile.length; index += 1) {
      const file = Buffer.from(expectedFile);
      file[index] = (file[index] ?? 0) ^ 0xff;
      expect(BATCH_ERROR_CODES, `byte ${index}`).toContain(errorCodeOf(() => verifyBatch(file)));
    }
  });

  it.each(vectors.negative)("rejects '$name' with '$expectedError'", (vector) => {
    const file = Buffer.from(vector.fileBase64, 'base64');
    const hubKeys = vectors.keys[vector.hubKeys ?? 'hub'];
    const action = vector.operation === 'open' ? () => openBatch(file, hubKeys) : () => verifyBatch(file);
    expect(errorCodeOf(action)).toBe(vector.expectedError);
  });
});

describe('properties', () => {
  const payloads = fc.uint8Array({ maxLength: 2048 });

  it('opens every sealed payload back to the same bytes', () => {
    fc.assert(
      fc.property(payloads, (payload) => {
        expect(openBatch(seal(payload), hub).payload.equals(Buffer.from(payload))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('detects any single bit flip anywhere in the file', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), fc.integer({ min: 0, max: 7 }), (payload, position, bit) => {
        const file = seal(payload);
        const index = position % file.length;
        file[index] = (file[index] ?? 0) ^ (1 << bit);
        expect(BATCH_ERROR_CODES).toContain(errorCodeOf(() => verifyBatch(file)));
      }),
      { numRuns: 300 },
    );
  });

  it('detects any set of random byte replacements', () => {
    const mutation = fc.record({ position: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) });
    fc.assert(
      fc.property(payloads, fc.array(mutation, { minLength: 1, maxLength: 8 }), (payload, mutations) => {
        const original = seal(payload);
        const file = Buffer.from(original);
        for (const { position, xor } of mutations) {
          const index = position % file.length;
          file[index] = (file[index] ?? 0) ^ xor;
        }
        fc.pre(!file.equals(original)); // two mutations can cancel out
        expect(BATCH_ERROR_CODES).toContain(errorCodeOf(() => verifyBatch(file)));
      }),
      { numRuns: 300 },
    );
  });

  it('throws only BatchError for arbitrary bytes, with or without the magic', () => {
    const prefixes = fc.constantFrom(Buffer.alloc(0), Buffer.from('INTAKEB1', 'ascii'));
    fc.assert(
      fc.property(prefixes, fc.uint8Array({ maxLength: 512 }), (prefix, rest) => {
        const file = Buffer.concat([prefix, rest]);
        expect(BATCH_ERROR_CODES).toContain(errorCodeOf(() => verifyBatch(file)));
      }),
      { numRuns: 300 },
    );
  });
});
