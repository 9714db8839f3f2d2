import {
  createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, sign, timingSafeEqual,
  verify, type KeyObject,
} from 'node:crypto';
import { keyFingerprint } from '../batch/envelope.js';

/**
 * The hub's receipts and the proof that binds its signing key to its (installed) X25519 key, with node:crypto only.
 * Keys are base64 of the raw 32 bytes, as in docs/batch-format.md; fingerprints are the same function.
 */

const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');

export interface RawKeyPair {
  publicKey: string;
  privateKey: string;
}

/** The raw 32 bytes of a canonical base64 key, or undefined. */
export function rawKey(text: unknown): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === text ? bytes : undefined;
}

function need(text: string, what: string): Buffer {
  const raw = rawKey(text);
  if (!raw) throw new TypeError(`${what} must be the base64 of a raw 32-byte key`);
  return raw;
}

const edPrivate = (b64: string): KeyObject => createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, need(b64, 'private key')]), format: 'der', type: 'pkcs8' });
const edPublic = (b64: string): KeyObject => createPublicKey({ key: Buffer.concat([ED25519_SPKI, need(b64, 'public key')]), format: 'der', type: 'spki' });
const xPrivate = (b64: string): KeyObject => createPrivateKey({ key: Buffer.concat([X25519_PKCS8, need(b64, 'private key')]), format: 'der', type: 'pkcs8' });
const xPublic = (b64: string): KeyObject => createPublicKey({ key: Buffer.concat([X25519_SPKI, need(b64, 'public key')]), format: 'der', type: 'spki' });

function rawPair(pair: { publicKey: KeyObject; privateKey: KeyObject }): RawKeyPair {
  return {
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64'),
    privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64'),
  };
}

export const generateSigningKeyPair = (): RawKeyPair => rawPair(generateKeyPairSync('ed25519'));
export const generateChallengeKeyPair = (): RawKeyPair => rawPair(generateKeyPairSync('x25519'));

/** Checks that a private key belongs to a public key (a swapped key file is noticed at once). */
export function signingPairMatches(pair: RawKeyPair): boolean {
  try {
    const derived = createPublicKey(edPrivate(pair.privateKey)).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
    return derived === pair.publicKey;
  } catch {
    return false;
  }
}

export function signBytes(privateKey: string, bytes: Buffer): string {
  return sign(null, bytes, edPrivate(privateKey)).toString('base64');
}

export function verifyBytes(publicKey: string, bytes: Buffer, signature: string): boolean {
  try {
    const sig = Buffer.from(signature, 'base64');
    if (sig.length !== 64 || sig.toString('base64') !== signature) return false;
    return verify(null, bytes, edPublic(publicKey), sig);
  } catch {
    return false;
  }
}

export const fingerprint = (publicKey: string): string => keyFingerprint(publicKey);

// ---------------------------------------------------------------------------
// Binding the hub's signing key to its X25519 key: the station sends a fresh X25519 public key (the challenge); only
// the holder of the hub's X25519 private key can compute the shared secret, so a correct MAC over the signing key
// shows that key comes from the hub whose key the station installed from a trusted file.

const BINDING_INFO = Buffer.from('intake-hub-binding v1', 'utf8');

function bindingMac(shared: Buffer, challenge: Buffer, hubKey: Buffer, signingKey: Buffer): string {
  if (shared.every((b) => b === 0)) throw new Error('X25519 shared secret is all zeros');
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([challenge, hubKey]), BINDING_INFO, 32));
  return createHmac('sha256', key).update(Buffer.concat([BINDING_INFO, hubKey, signingKey, challenge])).digest('base64');
}

/** The hub's side: a MAC over its signing key, keyed by X25519(hub private, challenge). */
export function bindingProof(hubKeys: RawKeyPair, signingKey: string, challenge: string): string {
  const shared = diffieHellman({ privateKey: xPrivate(hubKeys.privateKey), publicKey: xPublic(challenge) });
  return bindingMac(shared, need(challenge, 'challenge'), need(hubKeys.publicKey, 'hub key'), need(signingKey, 'signing key'));
}

/** The station's side: the proof is right only if the hub holds the private half of `hubKey`. */
export function checkBindingProof(challengeKeys: RawKeyPair, hubKey: string, signingKey: string, proof: string): boolean {
  try {
    const shared = diffieHellman({ privateKey: xPrivate(challengeKeys.privateKey), publicKey: xPublic(hubKey) });
    const expected = Buffer.from(bindingMac(shared, need(challengeKeys.publicKey, 'challenge'), need(hubKey, 'hub key'), need(signingKey, 'signing key')), 'base64');
    const given = Buffer.from(proof, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
