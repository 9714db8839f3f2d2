/**
 * Batch file envelope: seals a batch of household records so that anyone can
 * check it is intact and which station key signed it, but only the hub can
 * read it. The byte-level specification is docs/batch-format.md; test vectors
 * are in tests/fixtures/batch-vectors.json. Uses node:crypto only.
 *
 * Key representation (all keys are strings of standard base64 with padding):
 *   - public keys:  the raw 32-byte key (Ed25519: RFC 8032, X25519: RFC 7748);
 *   - private keys: the raw 32-byte private key (Ed25519 seed, X25519 scalar).
 * Raw keys are chosen over PKCS8/SPKI so a second implementation (libsodium,
 * Go, Python) can load them without an ASN.1 parser.
 *
 * File layout (all integers unsigned big-endian):
 *   magic "INTAKEB1" (8) | manifest length (4) | manifest JSON (UTF-8, canonical)
 *   | ciphertext length (8) | AES-256-GCM ciphertext || 16-byte tag
 *   | Ed25519 signature (64) over every preceding byte.
 */
import type { z } from 'zod';
import { createCipheriv, createDecipheriv, createHash, createPublicKey, diffieHellman, hkdfSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { bufferSource, headLengthV2, headManifestV2, MAGIC_V2, openBatchV2, verifyBatchV2 } from './envelope-v2.js';
import {
  decodeCanonicalBase64,
  ED25519,
  exportRawPublicKey,
  generateEphemeralX25519,
  fingerprintOfRaw,
  importKeyPair,
  importPublicKey,
  rawKeyArgument,
  X25519,
  type ImportedKeyPair,
  type KeyPair,
} from './raw-keys.js';

import { BATCH_ENCRYPTION_SCHEME, BATCH_FORMAT, BATCH_FORMAT_VERSION, count, ManifestKindSchema, ManifestV1Schema, type BatchManifest } from './manifest.js';
import { parseWith } from '../wire.js';

export { BATCH_ENCRYPTION_SCHEME, BATCH_FORMAT, BATCH_FORMAT_VERSION, type BatchEncryption, type BatchManifest } from './manifest.js';

const MAGIC = Buffer.from('INTAKEB1', 'ascii');
// Any other 8th byte after this prefix is treated as a different format version.
const MAGIC_FAMILY = Buffer.from('INTAKEB', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SIGNATURE_BYTES = 64;
const MANIFEST_LENGTH_BYTES = 4;
const CIPHERTEXT_LENGTH_BYTES = 8;
// A manifest is a few hundred bytes; the cap stops a corrupt length from meaning "read 4 GB".
const MAX_MANIFEST_BYTES = 64 * 1024;
const HKDF_INFO_PREFIX = 'intake-batch v1';

/** The manifest fields the caller supplies; the rest are computed while sealing. */
export type BatchManifestInput = Omit<
  BatchManifest,
  'format' | 'formatVersion' | 'payloadSha256' | 'payloadBytes' | 'encryption' | 'stationPublicKey' | 'hubKeyFingerprint'
>;

export interface SealBatchArgs {
  manifest: BatchManifestInput;
  payload: Uint8Array;
  stationKeys: KeyPair;
  hubPublicKey: string;
}

export type BatchErrorCode = 'malformed' | 'truncated' | 'unsupported_version' | 'bad_signature' | 'wrong_hub' | 'decrypt_failed' | 'hash_mismatch';

const CLERK_MESSAGES: Record<BatchErrorCode, string> = {
  malformed: 'The batch file is damaged or is not an intake batch file.',
  truncated: 'The batch file is cut short: it may have been copied incompletely.',
  unsupported_version:
    'The batch file was made by a different version of the app and cannot be read here. Update the app, or ask the station to export it again.',
  bad_signature:
    'The batch file has been changed since the station sealed it, or was not sealed by the station it names. Do not import it; ask the station to export it again.',
  wrong_hub: 'The batch file was sealed for a different hub and cannot be opened with this hub key.',
  decrypt_failed: 'The batch file could not be unlocked with this hub key. It may be damaged; ask the station to export it again.',
  hash_mismatch: 'The contents of the batch file do not match the checksum the station recorded. Do not import it; ask the station to export it again.',
};

/** A problem with a batch file. `message` is for the clerk; `detail` is for the logs. */
export class BatchError extends Error {
  readonly code: BatchErrorCode;
  readonly detail: string | undefined;

  constructor(code: BatchErrorCode, detail?: string) {
    super(CLERK_MESSAGES[code]);
    this.name = 'BatchError';
    this.code = code;
    this.detail = detail;
  }
}

// ---------------------------------------------------------------------------
// Manifest: parsed with its schema (manifest.ts), serialised with a fixed key order.

/** Canonical manifest bytes: fields in this fixed order, JSON.stringify escaping, no whitespace. */
function serializeManifest(m: BatchManifest): Buffer {
  const ordered: BatchManifest = {
    format: m.format,
    formatVersion: m.formatVersion,
    batchId: m.batchId,
    stationId: m.stationId,
    stationPublicKey: m.stationPublicKey,
    centre: m.centre,
    hubKeyFingerprint: m.hubKeyFingerprint,
    sequenceFrom: m.sequenceFrom,
    sequenceTo: m.sequenceTo,
    counts: { households: m.counts.households, persons: m.counts.persons, events: m.counts.events },
    createdAt: m.createdAt,
    payloadSha256: m.payloadSha256,
    payloadBytes: m.payloadBytes,
    encryption: {
      scheme: m.encryption.scheme,
      ephemeralPublicKey: m.encryption.ephemeralPublicKey,
      iv: m.encryption.iv,
    },
  };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

export function decodeManifestJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    throw new BatchError('malformed', 'manifest is not valid UTF-8 JSON');
  }
}

/**
 * Format and version first (a newer version is `unsupported_version`, not `malformed`), then every field with its
 * rule (the schema names the first wrong one), then the canonical form.
 */
export function checkedHead<S extends z.ZodType>(bytes: Buffer, what: string, version: number, schema: S): z.output<S> {
  const value = decodeManifestJson(bytes);
  const kind = ManifestKindSchema.safeParse(value);
  if (!kind.success) throw new BatchError('malformed', `${what} is not an intake-batch ${what}`);
  if (kind.data.formatVersion !== version) {
    const known = count.safeParse(kind.data.formatVersion).success;
    throw new BatchError(known ? 'unsupported_version' : 'malformed', `formatVersion ${String(kind.data.formatVersion)}`);
  }
  return parseWith(schema, value, (problem) => new BatchError('malformed', problem));
}

function parseManifest(bytes: Buffer): BatchManifest {
  const manifest = checkedHead(bytes, 'manifest', BATCH_FORMAT_VERSION, ManifestV1Schema);
  if (!serializeManifest(manifest).equals(bytes)) {
    throw new BatchError('malformed', 'manifest is not in canonical form');
  }
  return manifest;
}

// ---------------------------------------------------------------------------
// Framing: split the file into its parts, reporting short files as 'truncated'.

interface BatchParts {
  signedBytes: Buffer;
  manifestBytes: Buffer;
  ciphertext: Buffer;
  signature: Buffer;
}

class ByteReader {
  offset = 0;

  constructor(private readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  take(length: number, what: string): Buffer {
    if (length > this.remaining) throw new BatchError('truncated', `file ends inside the ${what}`);
    const part = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return part;
  }

  uint32(what: string): number {
    return this.take(4, what).readUInt32BE(0);
  }

  // Kept as bigint: a corrupt length can exceed Number.MAX_SAFE_INTEGER.
  uint64(what: string): bigint {
    return this.take(8, what).readBigUInt64BE(0);
  }
}

function checkMagic(bytes: Buffer): void {
  const head = bytes.subarray(0, MAGIC.length);
  if (head.length < MAGIC.length) {
    const isPrefix = MAGIC.subarray(0, head.length).equals(head);
    throw new BatchError(isPrefix ? 'truncated' : 'malformed', 'file is shorter than the magic bytes');
  }
  if (head.equals(MAGIC)) return;
  const sameFamily = head.subarray(0, MAGIC_FAMILY.length).equals(MAGIC_FAMILY);
  throw new BatchError(sameFamily ? 'unsupported_version' : 'malformed', `magic ${JSON.stringify(head.toString('latin1'))}`);
}

function splitFile(bytes: Buffer): BatchParts {
  checkMagic(bytes);
  const reader = new ByteReader(bytes);
  reader.take(MAGIC.length, 'magic bytes');
  const manifestLength = reader.uint32('manifest length');
  if (manifestLength > MAX_MANIFEST_BYTES) throw new BatchError('malformed', `manifest length ${manifestLength}`);
  const manifestBytes = reader.take(manifestLength, 'manifest');
  const ciphertextLength = reader.uint64('ciphertext length');
  if (ciphertextLength < BigInt(TAG_BYTES)) throw new BatchError('malformed', `ciphertext length ${ciphertextLength}`);
  if (ciphertextLength > BigInt(reader.remaining)) throw new BatchError('truncated', 'file ends inside the ciphertext');
  const ciphertext = reader.take(Number(ciphertextLength), 'ciphertext');
  const signedBytes = bytes.subarray(0, reader.offset);
  const signature = reader.take(SIGNATURE_BYTES, 'signature');
  if (reader.remaining > 0) throw new BatchError('malformed', `${reader.remaining} extra bytes after the signature`);
  return { signedBytes, manifestBytes, ciphertext, signature };
}

export function toBuffer(bytes: Uint8Array): Buffer {
  // Renderer IPC hands over plain Uint8Arrays; view them as Buffers without copying.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(MANIFEST_LENGTH_BYTES);
  bytes.writeUInt32BE(value, 0);
  return bytes;
}

function uint64(value: number): Buffer {
  const bytes = Buffer.alloc(CIPHERTEXT_LENGTH_BYTES);
  bytes.writeBigUInt64BE(BigInt(value), 0);
  return bytes;
}

// ---------------------------------------------------------------------------
// Cryptography.

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** HKDF-SHA256 over X25519(own, peer); salt = ephemeral public || hub public; info = prefix + batchId. */
export function deriveContentKey(
  ownPrivate: KeyObject,
  peerPublic: KeyObject,
  salt: { ephemeralPublic: Buffer; hubPublic: Buffer },
  batchId: string,
  infoPrefix = HKDF_INFO_PREFIX,
): Buffer {
  const shared = diffieHellman({ privateKey: ownPrivate, publicKey: peerPublic });
  // A low-order peer key gives an all-zero secret that an attacker could predict.
  if (shared.every((byte) => byte === 0)) throw new Error('X25519 shared secret is all zeros');
  const info = Buffer.from(infoPrefix + batchId, 'utf8');
  const saltBytes = Buffer.concat([salt.ephemeralPublic, salt.hubPublic]);
  return Buffer.from(hkdfSync('sha256', shared, saltBytes, info, 32));
}

function encryptPayload(key: Buffer, iv: Buffer, payload: Uint8Array, associatedData: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData);
  return Buffer.concat([cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
}

function decryptPayload(key: Buffer, iv: Buffer, ciphertext: Buffer, associatedData: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(ciphertext.subarray(-TAG_BYTES));
  return Buffer.concat([decipher.update(ciphertext.subarray(0, -TAG_BYTES)), decipher.final()]);
}

function signatureIsValid(parts: BatchParts, stationPublicKey: string): boolean {
  try {
    const raw = Buffer.from(stationPublicKey, 'base64');
    return verify(null, parts.signedBytes, importPublicKey(ED25519, raw), parts.signature);
  } catch {
    // A key OpenSSL refuses to load cannot have produced a valid signature.
    return false;
  }
}

// ---------------------------------------------------------------------------
// Public operations.

/** Seals a batch with a fresh ephemeral X25519 key and a random 12-byte IV. */
export function sealBatch(args: SealBatchArgs): Buffer {
  return sealWith(args, generateEphemeralX25519().privateKey, randomBytes(IV_BYTES));
}

/**
 * TEST-ONLY: seals with a caller-chosen ephemeral private key and IV so test
 * vectors are reproducible. Never use it for real batches: reusing an
 * ephemeral key or IV with the same hub key breaks confidentiality.
 */
export function sealBatchForTestVectors(args: SealBatchArgs, fixed: { ephemeralPrivateKey: string; ephemeralPublicKey: string; iv: string }): Buffer {
  const ephemeral = importKeyPair(X25519, { privateKey: fixed.ephemeralPrivateKey, publicKey: fixed.ephemeralPublicKey }, 'ephemeral').privateKey;
  const iv = decodeCanonicalBase64(fixed.iv, IV_BYTES);
  if (!iv) throw new TypeError('iv must be the base64 of 12 bytes');
  return sealWith(args, ephemeral, iv);
}

function sealWith(args: SealBatchArgs, ephemeralPrivate: KeyObject, iv: Buffer): Buffer {
  const station = importKeyPair(ED25519, args.stationKeys, 'stationKeys');
  const hubPublic = rawKeyArgument(args.hubPublicKey, 'hubPublicKey');
  const ephemeralPublic = exportRawPublicKey(createPublicKey(ephemeralPrivate));
  const manifest = buildManifest(args, station.publicRaw, hubPublic, { ephemeralPublic, iv });
  const manifestBytes = serializeManifest(manifest);
  const key = deriveContentKey(ephemeralPrivate, importPublicKey(X25519, hubPublic), { ephemeralPublic, hubPublic }, manifest.batchId);
  const ciphertext = encryptPayload(key, iv, args.payload, manifestBytes);
  const signedBytes = Buffer.concat([MAGIC, uint32(manifestBytes.length), manifestBytes, uint64(ciphertext.length), ciphertext]);
  return Buffer.concat([signedBytes, sign(null, signedBytes, station.privateKey)]);
}

function buildManifest(args: SealBatchArgs, stationPublic: Buffer, hubPublic: Buffer, encryption: { ephemeralPublic: Buffer; iv: Buffer }): BatchManifest {
  const input = args.manifest;
  const manifest: BatchManifest = {
    format: BATCH_FORMAT,
    formatVersion: BATCH_FORMAT_VERSION,
    batchId: input.batchId,
    stationId: input.stationId,
    stationPublicKey: stationPublic.toString('base64'),
    centre: input.centre,
    hubKeyFingerprint: fingerprintOfRaw(hubPublic),
    sequenceFrom: input.sequenceFrom,
    sequenceTo: input.sequenceTo,
    counts: { households: input.counts.households, persons: input.counts.persons, events: input.counts.events },
    createdAt: input.createdAt,
    payloadSha256: sha256Hex(args.payload),
    payloadBytes: args.payload.byteLength,
    encryption: {
      scheme: BATCH_ENCRYPTION_SCHEME,
      ephemeralPublicKey: encryption.ephemeralPublic.toString('base64'),
      iv: encryption.iv.toString('base64'),
    },
  };
  // Refuse to write a file that verifyBatch would reject.
  parseWith(ManifestV1Schema, manifest, (problem) => new TypeError(`Cannot seal batch: ${problem}`));
  if (serializeManifest(manifest).length > MAX_MANIFEST_BYTES) throw new RangeError('Cannot seal batch: manifest too large');
  return manifest;
}

function verifyParts(parts: BatchParts): BatchManifest {
  const manifest = parseManifest(parts.manifestBytes);
  if (parts.ciphertext.length !== manifest.payloadBytes + TAG_BYTES) {
    throw new BatchError('malformed', 'ciphertext length does not match payloadBytes');
  }
  if (!signatureIsValid(parts, manifest.stationPublicKey)) throw new BatchError('bad_signature');
  return manifest;
}

/**
 * Checks structure, version and the station signature without decrypting.
 * The signature only proves the file is intact and was sealed by the key in
 * `manifest.stationPublicKey`; callers must check that key belongs to an
 * enrolled station.
 */
export function verifyBatch(bytes: Uint8Array): BatchManifest {
  if (isVersion2(bytes)) return verifyBatchV2(bufferSource(bytes)).manifest;
  return verifyParts(splitFile(toBuffer(bytes)));
}

/** A file of version 2 (envelope-v2.ts), by its magic bytes. */
export const isVersion2 = (bytes: Uint8Array): boolean => bytes.length >= MAGIC_V2.length && MAGIC_V2.equals(toBuffer(bytes).subarray(0, MAGIC_V2.length));

/** Verifies, checks the batch was sealed for this hub, decrypts and checks the payload hash. */
export function openBatch(bytes: Uint8Array, hubKeys: KeyPair): { manifest: BatchManifest; payload: Buffer } {
  if (isVersion2(bytes)) {
    const parts: Buffer[] = [];
    const { manifest } = openBatchV2(bufferSource(bytes), hubKeys, (plain) => parts.push(plain));
    return { manifest, payload: Buffer.concat(parts) };
  }
  const hub = importKeyPair(X25519, hubKeys, 'hubKeys');
  const parts = splitFile(toBuffer(bytes));
  const manifest = verifyParts(parts);
  if (manifest.hubKeyFingerprint !== fingerprintOfRaw(hub.publicRaw)) {
    throw new BatchError('wrong_hub', `sealed for hub ${manifest.hubKeyFingerprint}`);
  }
  const payload = decryptWithHubKey(parts, manifest, hub);
  if (sha256Hex(payload) !== manifest.payloadSha256) throw new BatchError('hash_mismatch');
  return { manifest, payload };
}

function decryptWithHubKey(parts: BatchParts, manifest: BatchManifest, hub: ImportedKeyPair): Buffer {
  try {
    const ephemeralPublic = Buffer.from(manifest.encryption.ephemeralPublicKey, 'base64');
    const peer = importPublicKey(X25519, ephemeralPublic);
    const key = deriveContentKey(hub.privateKey, peer, { ephemeralPublic, hubPublic: hub.publicRaw }, manifest.batchId);
    const iv = Buffer.from(manifest.encryption.iv, 'base64');
    return decryptPayload(key, iv, parts.ciphertext, parts.manifestBytes);
  } catch (error) {
    throw new BatchError('decrypt_failed', error instanceof Error ? error.message : String(error));
  }
}

// ---------------------------------------------------------------------------
// The head of a file alone: what a hub reads before anything costly (hub trust, issue 11).

/** Bytes needed to hold the magic, the manifest length and the manifest, once the first 12 bytes are there. */
export function manifestHeadLength(head: Uint8Array): number | undefined {
  const bytes = toBuffer(head);
  if (bytes.length < MAGIC.length + MANIFEST_LENGTH_BYTES) return undefined;
  if (isVersion2(bytes)) return headLengthV2(bytes);
  checkMagic(bytes);
  const length = bytes.readUInt32BE(MAGIC.length);
  if (length > MAX_MANIFEST_BYTES) throw new BatchError('malformed', `manifest length ${length}`);
  return MAGIC.length + MANIFEST_LENGTH_BYTES + length;
}

/**
 * The manifest at the head of a batch file, checked field by field but NOT its signature: enough to see which
 * station key it names and refuse an unknown one before reading, verifying or decrypting the rest.
 */
export function readManifestHead(head: Uint8Array): BatchManifest {
  const bytes = toBuffer(head);
  // Version 2: the header and its signature (checked here, by the key it names); its payload hash and size are not known yet.
  if (isVersion2(bytes)) return headManifestV2(bytes);
  checkMagic(bytes);
  const total = manifestHeadLength(bytes);
  if (total === undefined || bytes.length < total) throw new BatchError('truncated', 'file ends inside the manifest');
  return parseManifest(bytes.subarray(MAGIC.length + MANIFEST_LENGTH_BYTES, total));
}
