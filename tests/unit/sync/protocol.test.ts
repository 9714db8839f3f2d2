import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { bindingProof, checkBindingProof } from '../../../electron/core/sync/crypto.js';
import { ED25519, generateHubKeyPair, keyFingerprint, generateKeyPair, X25519 } from '../../../electron/core/batch/raw-keys.js';
import { receiptProblem, receiptSigningBytes, signReceipt } from '../../../electron/core/sync/receipt.js';
import { parseHubAddress } from '../../../electron/core/sync/state.js';
import { parseRetryAfter } from '../../../electron/core/sync/target.js';

/** The protocol's pieces: the OpenAPI file, receipts, the key binding, addresses. (Migration 006: tests/unit/core/migrations.test.ts.) */

describe('docs/sync-openapi.yaml', () => {
  const doc = load(readFileSync('docs/sync-openapi.yaml', 'utf8')) as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: Record<string, Record<string, unknown>>;
  };
  it('is OpenAPI 3 with the routes the hub serves, and every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(['/batches', '/batches/{batchId}', '/batches/{batchId}/receipt', '/hub', '/stations/{stationId}/ranges']);
    expect(Object.keys(doc.paths['/batches/{batchId}']!.put!.responses).sort()).toEqual(['200', '201', '400', '403', '409', '413', '422', '429', '500']);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const [, , section, name] = ref.slice(9, -1).split('/');
      expect(doc.components[section!]?.[name!], ref).toBeDefined();
    }
  });
  it('lists the receipt fields in the order they are signed', () => {
    const schema = doc.components['schemas']!['Receipt'] as { required: string[] };
    const signing = generateKeyPair(ED25519);
    const signed = signReceipt(
      {
        batchId: 'b1',
        stationId: 's1',
        sha256: 'a'.repeat(64),
        payloadSha256: 'b'.repeat(64),
        sequenceFrom: 1,
        sequenceTo: 4,
        receivedAt: '2024-09-26T10:00:00.000Z',
        hubKeyFingerprint: keyFingerprint(generateHubKeyPair().publicKey),
      },
      signing,
    );
    const text = receiptSigningBytes(signed.receipt).toString('utf8');
    expect(text.startsWith('intake-receipt v1\n')).toBe(true);
    expect(Object.keys(JSON.parse(text.split('\n')[1]!) as object)).toEqual(schema.required);
  });
});

describe('receipts', () => {
  const signing = generateKeyPair(ED25519);
  const hubFingerprint = keyFingerprint(generateHubKeyPair().publicKey);
  const expected = {
    batchId: 'b1',
    stationId: 's1',
    sha256: 'a'.repeat(64),
    payloadSha256: 'b'.repeat(64),
    sequenceFrom: 1,
    sequenceTo: 4,
    hubKeyFingerprint: hubFingerprint,
  };
  const signed = signReceipt({ ...expected, receivedAt: '2024-09-26T10:00:00.000Z' }, signing);

  it('verify with the hub key, and the same fields always give the same signature', () => {
    expect(receiptProblem(signed, signing.publicKey, expected)).toBeNull();
    expect(signReceipt({ ...expected, receivedAt: '2024-09-26T10:00:00.000Z' }, signing)).toEqual(signed);
  });
  it('do not verify when any field, the signature or the key differs, or when they are for another batch', () => {
    expect(receiptProblem({ ...signed, receipt: { ...signed.receipt, sequenceTo: 5 } }, signing.publicKey, expected)).toMatch(/signature/);
    expect(receiptProblem({ ...signed, signature: signed.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }, signing.publicKey, expected)).toMatch(
      /signature/,
    );
    expect(receiptProblem(signed, generateKeyPair(ED25519).publicKey, expected)).toMatch(/another key/);
    expect(receiptProblem(signed, signing.publicKey, { ...expected, sha256: 'c'.repeat(64) })).toMatch(/another batch \(sha256\)/);
    expect(receiptProblem(signed, signing.publicKey, { ...expected, hubKeyFingerprint: keyFingerprint(generateHubKeyPair().publicKey) })).toMatch(
      /another hub/,
    );
    expect(receiptProblem({ nonsense: true }, signing.publicKey, expected)).toMatch(/not a receipt/);
  });
});

describe('the binding proof', () => {
  it('holds only for the holder of the hub key, for this signing key and challenge', () => {
    const hub = generateHubKeyPair();
    const signing = generateKeyPair(ED25519);
    const challenge = generateKeyPair(X25519);
    const proof = bindingProof(hub, signing.publicKey, challenge.publicKey);
    expect(checkBindingProof(challenge, hub.publicKey, signing.publicKey, proof)).toBe(true);
    // Another machine with its own X25519 key cannot make a proof for the installed hub key.
    const impostor = generateHubKeyPair();
    expect(checkBindingProof(challenge, hub.publicKey, signing.publicKey, bindingProof(impostor, signing.publicKey, challenge.publicKey))).toBe(false);
    expect(checkBindingProof(challenge, hub.publicKey, generateKeyPair(ED25519).publicKey, proof)).toBe(false);
    expect(checkBindingProof(generateKeyPair(X25519), hub.publicKey, signing.publicKey, proof)).toBe(false);
  });
});

describe('hub addresses and Retry-After', () => {
  it('takes http(s) URLs and folders, and refuses the rest with words', () => {
    expect(parseHubAddress(' http://127.0.0.1:8443/ ')).toEqual({ kind: 'http', url: 'http://127.0.0.1:8443' });
    expect(parseHubAddress('https://hub.example.org/sync')).toEqual({ kind: 'http', url: 'https://hub.example.org/sync' });
    expect(parseHubAddress('/media/usb/hub')).toEqual({ kind: 'folder', path: '/media/usb/hub' });
    expect(parseHubAddress('file:///mnt/share/hub')).toEqual({ kind: 'folder', path: '/mnt/share/hub' });
    expect(() => parseHubAddress('hub.local:8443')).toThrow(/starts with http/);
    expect(() => parseHubAddress('http://user:pw@hub:1')).toThrow(/name or password/);
  });
  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
