/**
 * Batch file envelope, version 2: the same keys, encryption and checks as version 1 (envelope.ts), laid out so that
 * both sealing and opening stream in bounded memory, whatever the size of the batch (issue 16). The byte-level
 * specification is docs/batch-format.md ("Version 2"); version 1 stays readable.
 *
 *   magic "INTAKEB2" (8) | header length H (4) | header JSON (canonical, UTF-8) | Ed25519 signature of [0, 12+H) (64)
 *   | chunks: plaintext length L (4, 1..chunkBytes) | AES-256-GCM ciphertext (L) | tag (16)   … repeated
 *   | end: 0 (4) | chunk count (8) | payload bytes (8) | payload SHA-256 (32)
 *   | Ed25519 signature (64) of "intake-batch v2 digest" || SHA-256(every byte before this signature)
 *
 * The signed header is what a hub's cheap check reads (which station key, before anything costly); the running
 * digest, signed at the end, covers every encrypted chunk. A chunk's nonce is the header's iv with its last 8 bytes
 * XOR the chunk's index; its associated data is SHA-256(header) || index, so chunks cannot be moved or swapped.
 */
import { createCipheriv, createDecipheriv, createHash, createPublicKey, randomBytes, sign, verify, type Hash, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { BatchError, checkedHead, deriveContentKey, type BatchManifestInput } from './envelope.js';
import { BATCH_ENCRYPTION_SCHEME, BATCH_FORMAT, BATCH_FORMAT_VERSION_2, HeaderV2Schema, type BatchHeaderV2, type BatchManifest } from './manifest.js';
import { parseWith } from '../wire.js';
import {
  ED25519,
  exportRawPublicKey,
  fingerprintOfRaw,
  generateEphemeralX25519,
  importKeyPair,
  importPublicKey,
  rawKeyArgument,
  X25519,
  type KeyPair,
} from './raw-keys.js';

export { BATCH_FORMAT_VERSION_2, MAX_CHUNK_BYTES, type BatchHeaderV2 } from './manifest.js';
export const MAGIC_V2 = Buffer.from('INTAKEB2', 'ascii');
/** Plaintext per chunk a writer uses: 1 MiB. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;
const SIGNATURE_BYTES = 64;
const TAG_BYTES = 16;
const IV_BYTES = 12;
const HKDF_INFO_V2 = 'intake-batch v2';
const DIGEST_DOMAIN = Buffer.from('intake-batch v2 digest', 'ascii');
const TRAILER_BYTES = 4 + 8 + 8 + 32;

function serializeHeader(h: BatchHeaderV2): Buffer {
  const ordered: BatchHeaderV2 = {
    format: h.format,
    formatVersion: h.formatVersion,
    batchId: h.batchId,
    stationId: h.stationId,
    stationPublicKey: h.stationPublicKey,
    centre: h.centre,
    hubKeyFingerprint: h.hubKeyFingerprint,
    sequenceFrom: h.sequenceFrom,
    sequenceTo: h.sequenceTo,
    counts: { households: h.counts.households, persons: h.counts.persons, events: h.counts.events },
    createdAt: h.createdAt,
    chunkBytes: h.chunkBytes,
    encryption: { scheme: h.encryption.scheme, ephemeralPublicKey: h.encryption.ephemeralPublicKey, iv: h.encryption.iv },
  };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

/** Format and version first, then every field by its schema (manifest.ts), then the canonical form. */
function parseHeader(bytes: Buffer): BatchHeaderV2 {
  const header = checkedHead(bytes, 'header', BATCH_FORMAT_VERSION_2, HeaderV2Schema);
  if (!serializeHeader(header).equals(bytes)) throw new BatchError('malformed', 'header is not in canonical form');
  return header;
}

const uint32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};
const uint64 = (n: number | bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n), 0);
  return b;
};

function chunkNonce(iv: Buffer, index: number): Buffer {
  const nonce = Buffer.from(iv);
  const counter = nonce.readBigUInt64BE(4) ^ BigInt(index);
  nonce.writeBigUInt64BE(counter, 4);
  return nonce;
}

const chunkAad = (headerHash: Buffer, index: number): Buffer => Buffer.concat([headerHash, uint64(index)]);

function signatureValid(publicKey: KeyObject, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

function stationKey(header: BatchHeaderV2): KeyObject | undefined {
  try {
    return importPublicKey(ED25519, Buffer.from(header.stationPublicKey, 'base64'));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Sources: a file read piece by piece, or bytes already in memory.

/** Bytes read by position, synchronously (the core runs on one thread, without promises). */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Buffer;
  close?(): void;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { size: b.length, read: (position, length) => b.subarray(position, Math.min(b.length, position + length)) };
}

/** Bytes that arrived in pieces (an HTTP upload), read where they lie: never copied into one buffer. */
export function chunksSource(chunks: readonly Buffer[]): ByteSource {
  const starts: number[] = [];
  let size = 0;
  for (const c of chunks) {
    starts.push(size);
    size += c.length;
  }
  return {
    size,
    read(position, length) {
      const end = Math.min(size, position + length);
      if (end <= position) return Buffer.alloc(0);
      // The last piece starting at or before the position.
      let lo = 0;
      let hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= position) lo = mid;
        else hi = mid - 1;
      }
      const parts: Buffer[] = [];
      for (let i = lo, at = position; at < end; i++) {
        const piece = chunks[i]!.subarray(at - starts[i]!, Math.min(chunks[i]!.length, end - starts[i]!));
        parts.push(piece);
        at += piece.length;
      }
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts, end - position);
    },
  };
}

/** A file on disk, read a piece at a time. The caller closes it. */
export function fileSource(path: string): ByteSource {
  const fd = fs.openSync(path, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read(position, length) {
      const want = Math.max(0, Math.min(length, size - position));
      const out = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(fd, out, got, want - got, position + got);
        if (n === 0) break;
        got += n;
      }
      return got === want ? out : out.subarray(0, got);
    },
    close: () => fs.closeSync(fd),
  };
}

/** Reads in order from a source, hashing what it reads, reporting a short file as `truncated`. */
class Cursor {
  offset = 0;
  constructor(
    private readonly source: ByteSource,
    private readonly hashes: Hash[],
  ) {}

  take(length: number, what: string): Buffer {
    if (length > this.source.size - this.offset) throw new BatchError('truncated', `file ends inside the ${what}`);
    const bytes = this.source.read(this.offset, length);
    if (bytes.length !== length) throw new BatchError('truncated', `file ends inside the ${what}`);
    this.offset += length;
    for (const h of this.hashes) h.update(bytes);
    return bytes;
  }
}

// ---------------------------------------------------------------------------
// The head: magic, header and its signature.

/** Bytes needed for the head of a version 2 file once its first 12 bytes are known. */
export function headLengthV2(first12: Buffer): number {
  const length = first12.readUInt32BE(8);
  if (length > MAX_HEADER_BYTES) throw new BatchError('malformed', `header length ${length}`);
  return 12 + length + SIGNATURE_BYTES;
}

/**
 * The header at the head of a version 2 file, checked field by field and against its own signature (by the key it
 * names): a hub's cheap check before reading, verifying or decrypting the rest.
 */
export function readHeadV2(head: Buffer): { header: BatchHeaderV2; headerBytes: Buffer } {
  if (head.length < 12) throw new BatchError('truncated', 'file ends inside the header length');
  const total = headLengthV2(head);
  if (head.length < total - SIGNATURE_BYTES) throw new BatchError('truncated', 'file ends inside the header');
  const headerBytes = head.subarray(12, total - SIGNATURE_BYTES);
  const header = parseHeader(headerBytes);
  if (head.length < total) throw new BatchError('truncated', 'file ends inside the header signature');
  const key = stationKey(header);
  if (!key || !signatureValid(key, head.subarray(0, total - SIGNATURE_BYTES), head.subarray(total - SIGNATURE_BYTES, total))) {
    throw new BatchError('bad_signature', 'header signature');
  }
  return { header, headerBytes };
}

/** The manifest view of a header, with the payload's hash and size from the trailer once they are known. */
const manifestOf = (h: BatchHeaderV2, payloadSha256 = '', payloadBytes = 0): BatchManifest => ({ ...h, payloadSha256, payloadBytes });

export const headManifestV2 = (head: Buffer): BatchManifest => manifestOf(readHeadV2(head).header);

// ---------------------------------------------------------------------------
// Walking the file: every chunk in order, the end, the trailer and the final signature.

export interface Walk {
  manifest: BatchManifest;
  /** SHA-256 of the whole file (the hub's record of the batch, for duplicates). */
  sha256: string;
}

/**
 * Reads a version 2 file from `source` once, in order, handing each chunk's ciphertext and tag (with its index) to
 * `onChunk`, and checks the end, the trailer and the signature over the running digest. Throws BatchError.
 */
function walk(
  source: ByteSource,
  onChunk: ((index: number, plainLength: number, sealed: Buffer, header: BatchHeaderV2, headerBytes: Buffer) => void) | undefined,
): Walk {
  const digest = createHash('sha256');
  const whole = createHash('sha256');
  const cursor = new Cursor(source, [digest, whole]);
  const magic = cursor.take(8, 'magic bytes');
  if (!magic.equals(MAGIC_V2)) throw new BatchError('malformed', 'not a version 2 file');
  const lengthBytes = cursor.take(4, 'header length');
  const length = lengthBytes.readUInt32BE(0);
  if (length > MAX_HEADER_BYTES) throw new BatchError('malformed', `header length ${length}`);
  const headerBytes = cursor.take(length, 'header');
  const signature = cursor.take(SIGNATURE_BYTES, 'header signature');
  const { header } = readHeadV2(Buffer.concat([magic, lengthBytes, headerBytes, signature]));
  let chunks = 0;
  let plain = 0;
  for (;;) {
    const size = cursor.take(4, 'chunk length').readUInt32BE(0);
    if (size === 0) break;
    if (size > header.chunkBytes) throw new BatchError('malformed', `chunk ${chunks} of ${size} bytes exceeds chunkBytes`);
    const sealed = cursor.take(size + TAG_BYTES, 'chunk');
    onChunk?.(chunks, size, sealed, header, headerBytes);
    chunks++;
    plain += size;
  }
  const trailer = cursor.take(TRAILER_BYTES - 4, 'trailer');
  const count = trailer.readBigUInt64BE(0);
  const payloadBytes = trailer.readBigUInt64BE(8);
  const payloadSha256 = trailer.subarray(16, 48).toString('hex');
  const running = digest.digest();
  const final = new Cursor(source, [whole]);
  final.offset = cursor.offset;
  const finalSignature = final.take(SIGNATURE_BYTES, 'signature');
  if (final.offset !== source.size) throw new BatchError('malformed', `${source.size - final.offset} extra bytes after the signature`);
  const key = stationKey(header);
  if (!key || !signatureValid(key, Buffer.concat([DIGEST_DOMAIN, running]), finalSignature)) throw new BatchError('bad_signature');
  if (count !== BigInt(chunks) || payloadBytes !== BigInt(plain)) throw new BatchError('malformed', 'trailer counts differ from the chunks');
  return { manifest: manifestOf(header, payloadSha256, plain), sha256: whole.digest('hex') };
}

/** Checks structure, the header's and the final signature, without decrypting; one pass, one chunk in memory. */
export function verifyBatchV2(source: ByteSource): Walk {
  return walk(source, undefined);
}

/**
 * Verifies, checks the hub, then decrypts chunk by chunk, handing each chunk's plaintext to `onPlain` as it is
 * authenticated. The final signature is checked again at the end (the caller applies nothing it cannot take back
 * before `openBatchV2` returns: a file changed between the passes fails here). Throws BatchError.
 */
export function openBatchV2(source: ByteSource, hubKeys: KeyPair, onPlain: (plain: Buffer) => void, options: { verified?: Walk } = {}): Walk {
  const hub = importKeyPair(X25519, hubKeys, 'hubKeys');
  // A caller that has just verified the file (the hub's import) need not read it a third time.
  const verified = options.verified ?? verifyBatchV2(source);
  if (verified.manifest.hubKeyFingerprint !== fingerprintOfRaw(hub.publicRaw)) {
    throw new BatchError('wrong_hub', `sealed for hub ${verified.manifest.hubKeyFingerprint}`);
  }
  let key: Buffer | undefined;
  let headerHash: Buffer | undefined;
  const payloadHash = createHash('sha256');
  const opened = walk(source, (index, _size, sealed, header, headerBytes) => {
    if (!key || !headerHash) {
      try {
        const ephemeralPublic = Buffer.from(header.encryption.ephemeralPublicKey, 'base64');
        key = deriveContentKey(
          hub.privateKey,
          importPublicKey(X25519, ephemeralPublic),
          { ephemeralPublic, hubPublic: hub.publicRaw },
          header.batchId,
          HKDF_INFO_V2,
        );
      } catch (error) {
        throw new BatchError('decrypt_failed', error instanceof Error ? error.message : String(error));
      }
      headerHash = createHash('sha256').update(headerBytes).digest();
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(Buffer.from(header.encryption.iv, 'base64'), index), { authTagLength: TAG_BYTES });
      decipher.setAAD(chunkAad(headerHash, index));
      decipher.setAuthTag(sealed.subarray(-TAG_BYTES));
      plain = Buffer.concat([decipher.update(sealed.subarray(0, -TAG_BYTES)), decipher.final()]);
    } catch (error) {
      throw new BatchError('decrypt_failed', `chunk ${index}: ${error instanceof Error ? error.message : String(error)}`);
    }
    payloadHash.update(plain);
    onPlain(plain);
  });
  if (opened.sha256 !== verified.sha256) throw new BatchError('bad_signature', 'the file changed while it was read');
  if (payloadHash.digest('hex') !== opened.manifest.payloadSha256) throw new BatchError('hash_mismatch');
  return opened;
}

// ---------------------------------------------------------------------------
// Sealing, streamed.

export interface SealV2Args {
  manifest: BatchManifestInput;
  stationKeys: KeyPair;
  hubPublicKey: string;
  /** Plaintext per chunk (default 1 MiB). */
  chunkBytes?: number;
}

/**
 * Seals a payload handed over piece by piece (`write`), emitting the file's bytes (`out`) as each chunk fills:
 * memory holds one chunk, whatever the size of the batch. `end()` writes the last chunk, the trailer and the
 * signature. Counts in the manifest must be known before the first byte (the header is signed first).
 */
export class BatchSealerV2 {
  private readonly station;
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly headerHash: Buffer;
  private readonly chunkBytes: number;
  private readonly digest = createHash('sha256');
  private readonly payloadHash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private chunks = 0;
  private plainBytes = 0;
  private ended = false;
  readonly header: BatchHeaderV2;

  constructor(
    args: SealV2Args,
    private readonly out: (bytes: Buffer) => void,
    fixed?: { ephemeralPrivate: KeyObject; iv: Buffer },
  ) {
    this.station = importKeyPair(ED25519, args.stationKeys, 'stationKeys');
    const hubPublic = rawKeyArgument(args.hubPublicKey, 'hubPublicKey');
    const ephemeralPrivate = fixed?.ephemeralPrivate ?? generateEphemeralX25519().privateKey;
    this.iv = fixed?.iv ?? randomBytes(IV_BYTES);
    const ephemeralPublic = exportRawPublicKey(createPublicKey(ephemeralPrivate));
    this.chunkBytes = args.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const input = args.manifest;
    this.header = {
      format: BATCH_FORMAT,
      formatVersion: BATCH_FORMAT_VERSION_2,
      batchId: input.batchId,
      stationId: input.stationId,
      stationPublicKey: this.station.publicRaw.toString('base64'),
      centre: input.centre,
      hubKeyFingerprint: fingerprintOfRaw(hubPublic),
      sequenceFrom: input.sequenceFrom,
      sequenceTo: input.sequenceTo,
      counts: { households: input.counts.households, persons: input.counts.persons, events: input.counts.events },
      createdAt: input.createdAt,
      chunkBytes: this.chunkBytes,
      encryption: { scheme: BATCH_ENCRYPTION_SCHEME, ephemeralPublicKey: ephemeralPublic.toString('base64'), iv: this.iv.toString('base64') },
    };
    parseWith(HeaderV2Schema, this.header, (problem) => new TypeError(`Cannot seal batch: ${problem}`));
    const headerBytes = serializeHeader(this.header);
    if (headerBytes.length > MAX_HEADER_BYTES) throw new RangeError('Cannot seal batch: header too large');
    this.key = deriveContentKey(ephemeralPrivate, importPublicKey(X25519, hubPublic), { ephemeralPublic, hubPublic }, input.batchId, HKDF_INFO_V2);
    this.headerHash = createHash('sha256').update(headerBytes).digest();
    const head = Buffer.concat([MAGIC_V2, uint32(headerBytes.length), headerBytes]);
    this.emit(head);
    this.emit(sign(null, head, this.station.privateKey));
  }

  private emit(bytes: Buffer): void {
    this.digest.update(bytes);
    this.out(bytes);
  }

  private seal(plain: Buffer): void {
    const cipher = createCipheriv('aes-256-gcm', this.key, chunkNonce(this.iv, this.chunks), { authTagLength: TAG_BYTES });
    cipher.setAAD(chunkAad(this.headerHash, this.chunks));
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    this.emit(uint32(plain.length));
    this.emit(body);
    this.chunks++;
  }

  write(bytes: Uint8Array): void {
    if (this.ended) throw new Error('the batch is already sealed');
    let rest = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.payloadHash.update(rest);
    this.plainBytes += rest.length;
    while (rest.length > 0) {
      const room = this.chunkBytes - this.pendingBytes;
      const piece = rest.subarray(0, room);
      // Copied: the caller may reuse its buffer once write returns.
      this.pending.push(Buffer.from(piece));
      this.pendingBytes += piece.length;
      rest = rest.subarray(piece.length);
      if (this.pendingBytes === this.chunkBytes) this.flushChunk();
    }
  }

  private flushChunk(): void {
    if (this.pendingBytes === 0) return;
    const plain = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.seal(plain);
  }

  /** The last chunk, the end, the trailer and the signature over the running digest. */
  end(): { payloadSha256: string; payloadBytes: number } {
    if (this.ended) throw new Error('the batch is already sealed');
    this.flushChunk();
    this.ended = true;
    const payloadSha256 = this.payloadHash.digest();
    this.emit(Buffer.concat([uint32(0), uint64(this.chunks), uint64(this.plainBytes), payloadSha256]));
    this.out(sign(null, Buffer.concat([DIGEST_DOMAIN, this.digest.digest()]), this.station.privateKey));
    return { payloadSha256: payloadSha256.toString('hex'), payloadBytes: this.plainBytes };
  }
}

/** A whole payload sealed at once in version 2 (tests, small batches): the streamed sealer into one buffer. */
export function sealBatchV2(args: SealV2Args & { payload: Uint8Array }): Buffer {
  const parts: Buffer[] = [];
  const sealer = new BatchSealerV2(args, (b) => parts.push(b));
  sealer.write(args.payload);
  sealer.end();
  return Buffer.concat(parts);
}
