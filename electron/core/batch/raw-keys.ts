import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * Raw 32-byte keys, the one form this project stores and sends (docs/batch-format.md): Ed25519 (RFC 8032) for
 * signatures, X25519 (RFC 7748) for sealing batches and the hub's binding proof. A key travels as the canonical base64
 * of its 32 bytes; Node's KeyObject is made from it through a JSON Web Key (RFC 8037: `kty` OKP, `x` the public
 * key, `d` the private one), so no DER header is written by hand anywhere.
 */

export const KEY_BYTES = 32;

/** The two curves, named as JWK's `crv` names them. */
export type Curve = 'Ed25519' | 'X25519';
export const ED25519: Curve = 'Ed25519';
export const X25519: Curve = 'X25519';

/** A key pair as stored: base64 of the raw 32 bytes of each half. */
export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** Decodes base64 only if it is the exact canonical encoding of `byteLength` bytes. */
export function decodeCanonicalBase64(text: unknown, byteLength: number): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Buffer.from skips junk characters silently; the round trip makes the encoding unique.
  return bytes.length === byteLength && bytes.toString('base64') === text ? bytes : undefined;
}

/** The raw 32 bytes of a canonical base64 key, or undefined. */
export const rawKey = (text: unknown): Buffer | undefined => decodeCanonicalBase64(text, KEY_BYTES);

/** The raw 32 bytes of a key given as an argument; a TypeError naming it when it is not one. */
export function rawKeyArgument(text: string, name: string): Buffer {
  const raw = rawKey(text);
  if (!raw) throw new TypeError(`${name} must be the base64 of a raw 32-byte key`);
  return raw;
}

export function importPublicKey(curve: Curve, raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: curve, x: raw.toString('base64url') }, format: 'jwk' });
}

/** A private key with its public half; a RangeError when the two do not belong together. */
export function importPrivateKey(curve: Curve, raw: Buffer, publicRaw: Buffer, name = 'privateKey'): KeyObject {
  const key = createPrivateKey({ key: { kty: 'OKP', crv: curve, d: raw.toString('base64url'), x: publicRaw.toString('base64url') }, format: 'jwk' });
  // JWK import takes `x` on trust; the public half worked out from `d` is the one that counts.
  if (!exportRawPublicKey(key).equals(publicRaw)) throw new RangeError(`The public key given with ${name} does not belong to it`);
  return key;
}

/** The raw public key of a public or private key object. */
export function exportRawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

/**
 * A fresh pair's raw bytes, encoded by the generation job itself. On Node 20, exporting a KeyObject that a generation
 * job made can wait forever: the export holds the key's lock while it allocates, and a garbage collection that frees
 * the job waits for the same lock (a test run hung in a futex wait this way; reproduced by
 * tests/unit/batch/keys-under-gc.test.ts). So a generated key object is never exported: the job hands out JSON Web
 * Keys, and a key object needed later is imported from the raw bytes (`generateEphemeralX25519`).
 */
function freshRaw(curve: Curve): { publicRaw: Buffer; privateRaw: Buffer } {
  const encodings = { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { format: 'jwk' } } as const;
  // Node's typings know no JSON Web Key output for these curves; the job gives one (RFC 8037: `x`, and `d`).
  const pair = (curve === ED25519 ? generateKeyPairSync('ed25519', encodings) : generateKeyPairSync('x25519', encodings)) as unknown as {
    publicKey: JsonWebKey;
    privateKey: JsonWebKey;
  };
  const publicRaw = Buffer.from(pair.publicKey.x ?? '', 'base64url');
  const privateRaw = Buffer.from(pair.privateKey.d ?? '', 'base64url');
  if (publicRaw.length !== KEY_BYTES || privateRaw.length !== KEY_BYTES) throw new Error(`A ${curve} key was generated without its 32 bytes`);
  return { publicRaw, privateRaw };
}

/** A fresh pair: Ed25519 to sign (a station's key, the hub's receipt key), X25519 to seal (the hub's key, a challenge). */
export function generateKeyPair(curve: Curve): KeyPair {
  const { publicRaw, privateRaw } = freshRaw(curve);
  return { publicKey: publicRaw.toString('base64'), privateKey: privateRaw.toString('base64') };
}

/** A one-use X25519 key (a batch's ephemeral key) as a key object of its own, not the generation job's. */
export function generateEphemeralX25519(): ImportedKeyPair {
  const { publicRaw, privateRaw } = freshRaw(X25519);
  return { privateKey: importPrivateKey(X25519, privateRaw, publicRaw, 'ephemeral'), publicRaw };
}
/** A station's signing key pair (Ed25519). */
export const generateStationKeyPair = (): KeyPair => generateKeyPair(ED25519);
/** The hub's sealing key pair (X25519). */
export const generateHubKeyPair = (): KeyPair => generateKeyPair(X25519);

export interface ImportedKeyPair {
  privateKey: KeyObject;
  publicRaw: Buffer;
}

/** A stored pair made usable; a mismatched pair would seal files that name the wrong key, so it fails loudly here. */
export function importKeyPair(curve: Curve, pair: KeyPair, name: string): ImportedKeyPair {
  const publicRaw = rawKeyArgument(pair.publicKey, `${name}.publicKey`);
  const privateKey = importPrivateKey(curve, rawKeyArgument(pair.privateKey, `${name}.privateKey`), publicRaw, `${name}.privateKey`);
  return { privateKey, publicRaw };
}

/** Whether a stored private key belongs to its public key (a swapped key file is noticed at once). */
export function pairMatches(curve: Curve, pair: KeyPair): boolean {
  try {
    importKeyPair(curve, pair, 'pair');
    return true;
  } catch {
    return false;
  }
}

export function fingerprintOfRaw(raw: Buffer): string {
  const hex = createHash('sha256').update(raw).digest('hex').slice(0, 32);
  const groups: string[] = [];
  for (let i = 0; i < hex.length; i += 4) groups.push(hex.slice(i, i + 4));
  return groups.join(' ');
}

/** SHA-256 of the raw public key, first 16 bytes, as 8 space-separated groups of 4 hex digits. */
export function keyFingerprint(publicKeyB64: string): string {
  return fingerprintOfRaw(rawKeyArgument(publicKeyB64, 'publicKey'));
}

const SIGNATURE_BYTES = 64;

/** An Ed25519 signature of `bytes` by a stored pair (a station's or the hub's), as base64. */
export function signDetached(pair: KeyPair, bytes: Buffer, name = 'signingKeys'): string {
  return sign(null, bytes, importKeyPair(ED25519, pair, name).privateKey).toString('base64');
}

/** Whether `signature` (base64) is the Ed25519 signature of `bytes` by `publicKey`; malformed input is simply false. */
export function detachedSignatureIsValid(publicKey: string, bytes: Buffer, signature: string): boolean {
  const raw = rawKey(publicKey);
  const sig = decodeCanonicalBase64(signature, SIGNATURE_BYTES);
  if (!raw || !sig) return false;
  try {
    return verify(null, bytes, importPublicKey(ED25519, raw), sig);
  } catch {
    return false;
  }
}
