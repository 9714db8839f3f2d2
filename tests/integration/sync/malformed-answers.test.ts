import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ED25519, generateHubKeyPair, generateKeyPair, keyFingerprint } from '../../../electron/core/batch/raw-keys.js';
import { createHttpTarget } from '../../../electron/core/hub/http-target.js';
import { HubIdentitySchema, StationRangesSchema, UploadAnswerSchema } from '../../../electron/core/sync/answers.js';
import { createFolderTarget, FOLDER_LAYOUT, MAX_FOLDER_JSON_BYTES } from '../../../electron/core/sync/folder.js';
import { receiptProblem, ReceiptSchema, signReceipt } from '../../../electron/core/sync/receipt.js';
import { SyncFailure } from '../../../electron/core/sync/target.js';

/**
 * The hub's answers are parsed with their schemas (electron/core/sync/answers.ts): over real HTTP on 127.0.0.1 and as
 * real files in a folder, a wrong type, a missing field or an oversized answer is refused as `bad_answer` (the
 * outbox tries again later) with a message naming the field; a receipt that does not parse is "incomplete".
 */

const hubKeys = generateHubKeyPair();
const signing = generateKeyPair(ED25519);
const identity = {
  format: 'intake-hub',
  version: 1,
  hubId: 'h1',
  label: 'Hub',
  centreCode: 'GRS',
  hubKey: hubKeys.publicKey,
  hubKeyFingerprint: keyFingerprint(hubKeys.publicKey),
  signingKey: signing.publicKey,
  signingKeyFingerprint: keyFingerprint(signing.publicKey),
  enrolmentOpen: false,
};
const expected = {
  batchId: '00000000-0000-7000-8000-00000000000b',
  stationId: 's1',
  sha256: 'a'.repeat(64),
  payloadSha256: 'b'.repeat(64),
  sequenceFrom: 1,
  sequenceTo: 4,
  hubKeyFingerprint: keyFingerprint(hubKeys.publicKey),
};
const signed = signReceipt({ ...expected, receivedAt: '2026-11-20T10:00:00.000Z' }, signing);
const ranges = { stationId: 's1', known: true, held: [{ from: 1, to: 4 }], missing: [] };

async function failureOf(action: () => Promise<unknown>): Promise<SyncFailure> {
  try {
    await action();
  } catch (error) {
    if (error instanceof SyncFailure) return error;
    throw error;
  }
  throw new Error('the answer was accepted');
}

describe('over HTTP', () => {
  let server: Server;
  let url = '';
  /** What the fake hub answers next: status and body (text, or a value as JSON). */
  let next: { status: number; body: unknown } = { status: 200, body: {} };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      const text = typeof next.body === 'string' ? next.body : JSON.stringify(next.body);
      res.writeHead(next.status, { 'Content-Type': 'application/json' });
      res.end(text);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  });
  const target = () => createHttpTarget(url, { timeoutMs: 10_000 });
  const answering = (body: unknown, status = 200) => {
    next = { status, body };
    return target();
  };

  it('takes the answers the protocol gives, unknown fields dropped', async () => {
    await expect(answering({ ...identity, extra: 1 }).probe(hubKeys.publicKey)).resolves.toEqual(identity);
    await expect(
      answering({ status: 'received', receipt: signed }).upload({ batchId: expected.batchId, fileName: 'x', bytes: Buffer.from('x') }),
    ).resolves.toEqual({ status: 'received', receipt: signed, missing: [] });
    await expect(answering(ranges).ranges('s1')).resolves.toEqual(ranges);
  });

  it.each([
    ['a wrong type', { ...identity, enrolmentOpen: 'no' }, /enrolmentOpen/],
    ['a missing field', { ...identity, signingKey: undefined }, /signingKey/],
    ['a key that is not 32 bytes', { ...identity, hubKey: 'AAAA' }, /hubKey: must be the base64 of a raw 32-byte key/],
    ['another kind of answer', { ...identity, format: 'something' }, /format/],
    ['a list', [identity], /must be an object/],
  ])('refuses an identity with %s', async (_what, body, field) => {
    const failure = await failureOf(() => answering(body).probe(hubKeys.publicKey));
    expect(failure.kind).toBe('bad_answer');
    expect(failure.message).toMatch(/not an intake hub/);
    expect(failure.message).toMatch(field);
  });

  it.each([
    ['no receipt', { status: 'received' }, /receipt: must be an object/],
    ['another status', { status: 'ok', receipt: signed }, /status/],
    ['ranges of the wrong type', { status: 'duplicate', receipt: signed, missing: [{ from: '1', to: 2 }] }, /missing\.0\.from/],
  ])('refuses an upload answer with %s', async (_what, body, field) => {
    const failure = await failureOf(() => answering(body).receipt(expected.batchId));
    expect(failure.kind).toBe('bad_answer');
    expect(failure.message).toMatch(field);
  });

  it('refuses ranges without their lists, and an answer longer than the protocol allows', async () => {
    const failure = await failureOf(() => answering({ stationId: 's1', known: true, held: 'all' }).ranges('s1'));
    expect(failure).toMatchObject({ kind: 'bad_answer', message: expect.stringMatching(/held: must be a list of ranges/) as unknown });
    const long = await failureOf(() => answering(`"${'x'.repeat(1024 * 1024 + 10)}"`).ranges('s1'));
    expect(long).toMatchObject({ kind: 'bad_answer', message: expect.stringMatching(/far too long/) as unknown });
  });

  it("reads a refusal's code and message each on its own, and keeps the status when the body is not the protocol's", async () => {
    const both = await failureOf(() => answering({ error: { code: 'sync.station_unknown', message: 'Unknown station.' } }, 403).receipt(expected.batchId));
    expect(both).toMatchObject({ kind: 'refused', message: 'Unknown station.', extra: { status: 403, code: 'sync.station_unknown' } });
    const wrongCode = await failureOf(() => answering({ error: { code: 7, message: 'Unknown station.' } }, 403).receipt(expected.batchId));
    expect(wrongCode).toMatchObject({ kind: 'refused', message: 'Unknown station.', extra: { code: 'http_403' } });
    const page = await failureOf(() => answering('<html>proxy</html>', 403).receipt(expected.batchId));
    expect(page).toMatchObject({ kind: 'refused', extra: { code: 'http_403' } });
  });
});

describe('through a folder', () => {
  let folder = '';
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'intake-malformed-'));
  });
  afterEach(() => {
    for (const name of [FOLDER_LAYOUT.identity, FOLDER_LAYOUT.receipts, FOLDER_LAYOUT.refusals, FOLDER_LAYOUT.ranges])
      rmSync(join(folder, name), { recursive: true, force: true });
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const put = (sub: string | null, name: string, text: string) => {
    const dir = sub ? join(folder, sub) : folder;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), text);
  };

  it('takes the files a hub writes back', async () => {
    put(null, FOLDER_LAYOUT.identity, JSON.stringify(identity));
    put(FOLDER_LAYOUT.receipts, `${expected.batchId}.json`, JSON.stringify({ status: 'received', receipt: signed, missing: [] }));
    put(FOLDER_LAYOUT.ranges, 's1.json', JSON.stringify(ranges));
    const target = createFolderTarget(folder);
    await expect(target.probe('')).resolves.toEqual(identity);
    await expect(target.receipt(expected.batchId)).resolves.toEqual({ status: 'duplicate', receipt: signed, missing: [] });
    await expect(target.ranges('s1')).resolves.toEqual(ranges);
  });

  it("an identity file of another program is no hub's; a hub's identity with a wrong field is damaged", async () => {
    put(null, FOLDER_LAYOUT.identity, JSON.stringify({ format: 'other' }));
    await expect(createFolderTarget(folder).probe('')).resolves.toBeNull();
    put(null, FOLDER_LAYOUT.identity, JSON.stringify({ ...identity, signingKeyFingerprint: 42 }));
    const failure = await failureOf(() => createFolderTarget(folder).probe(''));
    expect(failure).toMatchObject({ kind: 'bad_answer', message: expect.stringMatching(/damaged.*signingKeyFingerprint/) as unknown });
  });

  it.each([
    ['a wrong type', JSON.stringify({ status: 'received', receipt: 'signed' }), /receipt: must be an object/],
    ['a missing field', JSON.stringify({ receipt: signed }), /status/],
    ['half a file', '{"status":"rec', /not JSON/],
    ['an oversized file', `{"pad":"${'x'.repeat(MAX_FOLDER_JSON_BYTES)}"}`, /larger than/],
  ])('refuses a receipt file with %s as damaged, naming what is wrong', async (_what, text, problem) => {
    put(FOLDER_LAYOUT.receipts, `${expected.batchId}.json`, text);
    const failure = await failureOf(() => createFolderTarget(folder).receipt(expected.batchId));
    expect(failure.kind).toBe('bad_answer');
    expect(failure.message).toMatch(problem);
  });

  it('refuses ranges and refusal files of the wrong shape', async () => {
    put(FOLDER_LAYOUT.ranges, 's1.json', JSON.stringify({ ...ranges, known: 'yes' }));
    expect(await failureOf(() => createFolderTarget(folder).ranges('s1'))).toMatchObject({
      kind: 'bad_answer',
      message: expect.stringMatching(/known/) as unknown,
    });
    put(FOLDER_LAYOUT.refusals, `${expected.batchId}.json`, JSON.stringify({ code: 'sync.x', message: 'No.', status: 'four hundred' }));
    const failure = await failureOf(() => createFolderTarget(folder).upload({ batchId: expected.batchId, fileName: 'x', bytes: Buffer.from('batch') }));
    expect(failure).toMatchObject({ kind: 'bad_answer', message: expect.stringMatching(/status/) as unknown });
    put(FOLDER_LAYOUT.refusals, `${expected.batchId}.json`, JSON.stringify({ code: 'sync.x', message: 'No.', status: 403 }));
    expect(await failureOf(() => createFolderTarget(folder).upload({ batchId: expected.batchId, fileName: 'x', bytes: Buffer.from('batch') }))).toMatchObject({
      kind: 'refused',
      message: 'No.',
      extra: { code: 'sync.x', status: 403 },
    });
  });
});

describe('receipts, parsed before their signature is checked', () => {
  it('names the field of an incomplete receipt; unknown fields are not signed and change nothing', () => {
    expect(receiptProblem(signed, signing.publicKey, expected)).toBeNull();
    expect(receiptProblem({ ...signed, receipt: { ...signed.receipt, note: 'x' } }, signing.publicKey, expected)).toBeNull();
    expect(receiptProblem({ ...signed, receipt: { ...signed.receipt, sequenceFrom: '1' } }, signing.publicKey, expected)).toMatch(/incomplete \(sequenceFrom/);
    const { receivedAt: _dropped, ...withoutTime } = signed.receipt;
    expect(receiptProblem({ ...signed, receipt: withoutTime }, signing.publicKey, expected)).toMatch(/incomplete \(receivedAt/);
    expect(receiptProblem({ ...signed, receipt: { ...signed.receipt, version: 2 } }, signing.publicKey, expected)).toMatch(/unknown kind/);
    expect(receiptProblem({ receipt: signed.receipt, signature: 7 }, signing.publicKey, expected)).toMatch(/not a receipt/);
  });
});

describe('the schemas and docs/sync-openapi.yaml', () => {
  it('name the same fields', () => {
    const doc = load(readFileSync('docs/sync-openapi.yaml', 'utf8')) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    const fields = (name: string) => Object.keys(doc.components.schemas[name]!.properties);
    expect(Object.keys(HubIdentitySchema.shape)).toEqual(fields('HubIdentity'));
    expect(Object.keys(ReceiptSchema.shape)).toEqual(fields('Receipt'));
    expect(Object.keys(UploadAnswerSchema.shape)).toEqual(fields('UploadAnswer'));
    expect(Object.keys(StationRangesSchema.shape)).toEqual(fields('StationRanges'));
  });
});
