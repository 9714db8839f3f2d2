import { createHash, createHmac, diffieHellman, hkdfSync, timingSafeEqual } from 'node:crypto';
import { importKeyPair, importPublicKey, rawKeyArgument, X25519, type KeyPair } from '../batch/raw-keys.js';

/**
 * The proof that binds the hub's receipt-signing key to its (installed) X25519 key, with node:crypto only. Keys are
 * base64 of the raw 32 bytes (batch/raw-keys.ts), as in docs/batch-format.md.
 */

// ---------------------------------------------------------------------------
// Binding the hub's signing key to its X25519 key: the station sends a fresh X25519 public key (the challenge); only
// the holder of the hub's X25519 private key can compute the shared secret, so a correct MAC over the signing key
// shows that key comes from the hub whose key the station installed from a trusted file.

const BINDING_INFO = Buffer.from('intake-hub-binding v1', 'utf8');

function bindingMac(shared: Buffer, challenge: Buffer, hubKey: Buffer, signingKey: Buffer): string {
  if (shared.every((b) => b === 0)) throw new Error('X25519 shared secret is all zeros');
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([challenge, hubKey]), BINDING_INFO, 32));
  return createHmac('sha256', key)
    .update(Buffer.concat([BINDING_INFO, hubKey, signingKey, challenge]))
    .digest('base64');
}

/** The hub's side: a MAC over its signing key, keyed by X25519(hub private, challenge). */
export function bindingProof(hubKeys: KeyPair, signingKey: string, challenge: string): string {
  const shared = diffieHellman({
    privateKey: importKeyPair(X25519, hubKeys, 'hubKeys').privateKey,
    publicKey: importPublicKey(X25519, rawKeyArgument(challenge, 'challenge')),
  });
  return bindingMac(shared, rawKeyArgument(challenge, 'challenge'), rawKeyArgument(hubKeys.publicKey, 'hub key'), rawKeyArgument(signingKey, 'signing key'));
}

/** The station's side: the proof is right only if the hub holds the private half of `hubKey`. */
export function checkBindingProof(challengeKeys: KeyPair, hubKey: string, signingKey: string, proof: string): boolean {
  try {
    const shared = diffieHellman({
      privateKey: importKeyPair(X25519, challengeKeys, 'challengeKeys').privateKey,
      publicKey: importPublicKey(X25519, rawKeyArgument(hubKey, 'hub key')),
    });
    const expected = Buffer.from(
      bindingMac(shared, rawKeyArgument(challengeKeys.publicKey, 'challenge'), rawKeyArgument(hubKey, 'hub key'), rawKeyArgument(signingKey, 'signing key')),
      'base64',
    );
    const given = Buffer.from(proof, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
