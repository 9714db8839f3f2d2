import { z } from 'zod';
import { firstProblem } from '../wire.js';
import { fingerprint } from './answers.js';
import { detachedSignatureIsValid, keyFingerprint, rawKey, signDetached } from '../batch/raw-keys.js';

/**
 * The hub's receipt for a batch (docs/sync-openapi.yaml, SignedReceipt): what it took in, when, and which hub, signed
 * with the hub's Ed25519 receipt key over a fixed serialisation. The same batch always gets the same receipt: the
 * fields come from the hub's record of the batch and Ed25519 signatures are deterministic.
 */

export const RECEIPT_FORMAT = 'intake-receipt';
export const RECEIPT_VERSION = 1;

const HEX64 = /^[0-9a-f]{64}$/;
const sha256 = z.string({ error: 'must be 64 lowercase hex digits' }).regex(HEX64);
const sequence = z.number({ error: 'must be a whole number' }).int();

/** The receipt's fields, in the order they are signed in (receiptSigningBytes). Unknown fields are not signed: dropped. */
export const ReceiptSchema = z.object(
  {
    format: z.literal(RECEIPT_FORMAT),
    version: z.literal(RECEIPT_VERSION),
    batchId: z.string(),
    stationId: z.string(),
    /** SHA-256 (hex) of the whole batch file as received. */
    sha256,
    /** SHA-256 (hex) of the decrypted payload (the manifest's payloadSha256). */
    payloadSha256: sha256,
    sequenceFrom: sequence,
    sequenceTo: sequence,
    receivedAt: z.string({ error: 'must be a date and time' }).refine((v) => !Number.isNaN(Date.parse(v))),
    /** Fingerprint of the hub's X25519 key the batch was sealed to. */
    hubKeyFingerprint: fingerprint,
    /** Fingerprint of the key that signed this receipt. */
    signingKeyFingerprint: fingerprint,
  },
  { error: 'must be an object' },
);

export type Receipt = z.infer<typeof ReceiptSchema>;

const signature = z.string().max(200);
/** The receipt and its Ed25519 signature (base64, 64 bytes) over receiptSigningBytes(receipt). */
export const SignedReceiptSchema = z.object({ receipt: ReceiptSchema, signature });
export type SignedReceipt = z.infer<typeof SignedReceiptSchema>;

// Checked in steps, so the outbox can say which: the envelope, the kind of receipt, then its fields.
const SignedShape = z.object({ receipt: z.record(z.string(), z.unknown()), signature });
const ReceiptKind = z.object({ format: z.literal(RECEIPT_FORMAT), version: z.literal(RECEIPT_VERSION) });

const DOMAIN = 'intake-receipt v1\n';

/** The bytes signed: a domain line, then the receipt's fields as JSON in this fixed order, no whitespace. */
export function receiptSigningBytes(r: Receipt): Buffer {
  const ordered: Receipt = {
    format: r.format,
    version: r.version,
    batchId: r.batchId,
    stationId: r.stationId,
    sha256: r.sha256,
    payloadSha256: r.payloadSha256,
    sequenceFrom: r.sequenceFrom,
    sequenceTo: r.sequenceTo,
    receivedAt: r.receivedAt,
    hubKeyFingerprint: r.hubKeyFingerprint,
    signingKeyFingerprint: r.signingKeyFingerprint,
  };
  return Buffer.from(DOMAIN + JSON.stringify(ordered), 'utf8');
}

export function signReceipt(
  fields: Omit<Receipt, 'format' | 'version' | 'signingKeyFingerprint'>,
  signing: { publicKey: string; privateKey: string },
): SignedReceipt {
  const receipt: Receipt = { format: RECEIPT_FORMAT, version: RECEIPT_VERSION, ...fields, signingKeyFingerprint: keyFingerprint(signing.publicKey) };
  return { receipt, signature: signDetached(signing, receiptSigningBytes(receipt), 'hub signing keys') };
}

/** What the station expects the receipt to say about its batch. */
export type ExpectedReceipt = Pick<Receipt, 'batchId' | 'stationId' | 'sha256' | 'payloadSha256' | 'sequenceFrom' | 'sequenceTo' | 'hubKeyFingerprint'>;

/**
 * The receipt in a hub's answer, parsed and verified: signed by `signingKey`, about the batch the station expects.
 * Otherwise why not (for the log and the clerk's "last error").
 */
export function verifiedReceipt(value: unknown, signingKey: string, expected: ExpectedReceipt): { receipt: Receipt } | { problem: string } {
  const signed = SignedShape.safeParse(value);
  if (!signed.success) return { problem: 'the answer is not a receipt' };
  if (!ReceiptKind.safeParse(signed.data.receipt).success) return { problem: 'the receipt is of an unknown kind' };
  const parsed = ReceiptSchema.safeParse(signed.data.receipt);
  if (!parsed.success) return { problem: `the receipt is incomplete (${firstProblem(parsed.error)})` };
  const r = parsed.data;
  if (!rawKey(signingKey) || r.signingKeyFingerprint !== keyFingerprint(signingKey))
    return { problem: "the receipt is signed with another key than the hub's" };
  if (!detachedSignatureIsValid(signingKey, receiptSigningBytes(r), signed.data.signature)) return { problem: 'the signature of the receipt is not valid' };
  const mismatch = (Object.keys(expected) as (keyof ExpectedReceipt)[]).find((k) => r[k] !== expected[k]);
  if (mismatch) return { problem: `the receipt is for another ${mismatch === 'hubKeyFingerprint' ? 'hub' : 'batch'} (${mismatch})` };
  return { receipt: r };
}

/** Why a receipt does not verify, or null when it does. */
export function receiptProblem(value: unknown, signingKey: string, expected: ExpectedReceipt): string | null {
  const checked = verifiedReceipt(value, signingKey, expected);
  return 'problem' in checked ? checked.problem : null;
}
