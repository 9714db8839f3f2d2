import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { deriveContentKey } from '../batch/envelope.js';
import { decodeCanonicalBase64, generateKeyPair, importKeyPair, importPublicKey, rawKey, X25519, type KeyPair } from '../batch/raw-keys.js';

/**
 * The bodies of requests between desks, greeters and the queue host, and of the host's answers, encrypted end to end
 * (docs/queue-host.md, "Encrypted bodies"): the head's name typed at the door must not be readable by anyone else on
 * the centre's network. The scheme is the batches' (docs/batch-format.md): X25519, HKDF-SHA256, AES-256-GCM, through
 * the same key derivation (batch/envelope.ts `deriveContentKey`), with the sender's key fresh for every request.
 *
 * - The host makes a fresh X25519 key pair each time its server starts, kept in memory only (a restart forgets it, so
 *   what was heard on the network before cannot be read with anything the host keeps afterwards). It gives the public
 *   half in a signed answer to `POST /queue/key`: a desk takes it only under the host's pinned fingerprint.
 * - A request's body is the JSON `{ box, hostKey, key, iv, data }`: `key` a fresh X25519 public key of the desk,
 *   `hostKey` the host's box key it was sealed to, `data` the AES-256-GCM ciphertext and tag of the JSON request, with
 *   as associated data the request's method, path, time, nonce and station key. The request's Ed25519 signature
 *   covers the SHA-256 of these body bytes (lan-sign.ts), so the ciphertext is bound to the member that signed it.
 * - The answer's body is `{ box, iv, data }`, under a second key from the same agreement, with as associated data
 *   the answer's status and the request's nonce; the host's signature covers it. Only the desk holding the fresh
 *   private key opens it.
 */

export const BOX = 'intake-queue-box-v1';
const REQUEST_INFO = `${BOX} request`;
const ANSWER_INFO = `${BOX} answer`;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const Key = z.string().length(44);
const Iv = z.string().length(16);
const Data = z.string().max(400_000);

export const SealedRequestSchema = z.object({ box: z.literal(BOX), hostKey: Key, key: Key, iv: Iv, data: Data }).strict();
export const SealedAnswerSchema = z.object({ box: z.literal(BOX), iv: Iv, data: Data }).strict();
export type SealedRequest = z.infer<typeof SealedRequestSchema>;

/** What a request's ciphertext is bound to, beside its signature. */
export interface RequestBinding {
  method: string;
  path: string;
  time: number;
  nonce: string;
  stationKey: string;
}

const requestAad = (b: RequestBinding): Buffer => Buffer.from(`${BOX}\nrequest\n${b.method}\n${b.path}\n${b.time}\n${b.nonce}\n${b.stationKey}`, 'utf8');
const answerAad = (status: number, nonce: string): Buffer => Buffer.from(`${BOX}\nanswer\n${status}\n${nonce}`, 'utf8');

function encrypt(key: Buffer, plaintext: string, aad: Buffer): { iv: string; data: string } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('base64'), data: data.toString('base64') };
}

/** The plaintext, or undefined when the ciphertext, its tag, or what it is bound to was changed. */
function decrypt(key: Buffer, ivText: string, dataText: string, aad: Buffer): string | undefined {
  const iv = decodeCanonicalBase64(ivText, IV_BYTES);
  const data = Buffer.from(dataText, 'base64');
  if (!iv || data.length < TAG_BYTES || data.toString('base64') !== dataText) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(data.subarray(-TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(0, -TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

interface SessionKeys {
  request: Buffer;
  answer: Buffer;
}

function sessionKeys(own: KeyPair, peerPublic: Buffer, ephemeralPublic: Buffer, hostPublic: Buffer): SessionKeys {
  const privateKey = importKeyPair(X25519, own, 'box key').privateKey;
  const peer = importPublicKey(X25519, peerPublic);
  const salt = { ephemeralPublic, hubPublic: hostPublic };
  return {
    request: deriveContentKey(privateKey, peer, salt, '', REQUEST_INFO),
    answer: deriveContentKey(privateKey, peer, salt, '', ANSWER_INFO),
  };
}

/** A desk's side: the sealed body of one request, and how to open the host's answer to it. */
export interface SealedOutgoing {
  body: string;
  /** The answer's plaintext; undefined when it is not a sealed answer or does not open. */
  openAnswer(status: number, text: string): string | undefined;
}

export function sealRequest(hostBoxKey: string, binding: RequestBinding, plaintext: string): SealedOutgoing {
  const hostPublic = rawKey(hostBoxKey);
  if (!hostPublic) throw new TypeError('The queue host’s box key is not a raw 32-byte key.');
  const ephemeral = generateKeyPair(X25519);
  const ephemeralPublic = Buffer.from(ephemeral.publicKey, 'base64');
  const keys = sessionKeys(ephemeral, hostPublic, ephemeralPublic, hostPublic);
  const sealed: SealedRequest = { box: BOX, hostKey: hostBoxKey, key: ephemeral.publicKey, ...encrypt(keys.request, plaintext, requestAad(binding)) };
  return {
    body: JSON.stringify(sealed),
    openAnswer(status, text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return undefined;
      }
      const answer = SealedAnswerSchema.safeParse(value);
      if (!answer.success) return undefined;
      return decrypt(keys.answer, answer.data.iv, answer.data.data, answerAad(status, binding.nonce));
    },
  };
}

export type OpenFailure = 'not_sealed' | 'rekey' | 'bad_box';

/** The host's side: its box key for this run of its server. */
export class HostBox {
  private readonly pair = generateKeyPair(X25519);
  private readonly publicRaw = Buffer.from(this.pair.publicKey, 'base64');

  get publicKey(): string {
    return this.pair.publicKey;
  }

  /**
   * Opens a request's body: `not_sealed` when it is not a sealed body at all (a program older than the host's, which
   * sends plaintext), `rekey` when it was sealed to another box key (the host restarted since the desk asked for it),
   * `bad_box` when the ciphertext does not open (changed, or bound to another request).
   */
  open(
    body: Buffer,
    binding: RequestBinding,
  ): { ok: true; plaintext: Buffer; sealAnswer: (status: number, text: string) => string } | { ok: false; failure: OpenFailure } {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, failure: 'not_sealed' };
    }
    if (typeof value !== 'object' || value === null || (value as { box?: unknown }).box !== BOX) return { ok: false, failure: 'not_sealed' };
    const sealed = SealedRequestSchema.safeParse(value);
    if (!sealed.success) return { ok: false, failure: 'bad_box' };
    if (sealed.data.hostKey !== this.pair.publicKey) return { ok: false, failure: 'rekey' };
    const ephemeralPublic = rawKey(sealed.data.key);
    if (!ephemeralPublic) return { ok: false, failure: 'bad_box' };
    let keys: SessionKeys;
    try {
      keys = sessionKeys(this.pair, ephemeralPublic, ephemeralPublic, this.publicRaw);
    } catch {
      // A low-order key gives an all-zero secret; a malformed one does not import.
      return { ok: false, failure: 'bad_box' };
    }
    const plaintext = decrypt(keys.request, sealed.data.iv, sealed.data.data, requestAad(binding));
    if (plaintext === undefined) return { ok: false, failure: 'bad_box' };
    return {
      ok: true,
      plaintext: Buffer.from(plaintext, 'utf8'),
      sealAnswer: (status, text) => JSON.stringify({ box: BOX, ...encrypt(keys.answer, text, answerAad(status, binding.nonce)) }),
    };
  }
}
