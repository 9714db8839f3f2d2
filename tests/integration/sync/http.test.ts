import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cutBatch } from '../../../electron/core/batch/cut.js';
import { sealCut } from '../../../electron/core/batch/export.js';
import { createHttpTarget } from '../../../electron/core/hub/http-target.js';
import { syncOnce } from '../../../electron/core/sync/outbox.js';
import { syncStatus } from '../../../electron/core/sync/state.js';
import type { SyncTarget } from '../../../electron/core/sync/target.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../../helpers/fault-proxy.js';
import { exactlyOnce, syncSite, syncUntilDone, type Hub, type Station, type SyncSite } from '../../helpers/sync.js';

/**
 * A real hub on 127.0.0.1 and stations on real SQLite files, over HTTP; a fault-injecting proxy in front of the hub
 * for 500s, 429s, cuts and delays. In every case: the hub ends with each registration exactly once, the station with
 * nothing waiting.
 */

let site: SyncSite;
const proxies: FaultProxy[] = [];
beforeEach(() => {
  site = syncSite();
});
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
  await site.dispose();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(url: string, method: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: { ...(body ? { 'Content-Length': String(body.length) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function proxied(hub: Hub, plan: (head: { method: string; path: string; index: number }) => Fault): Promise<FaultProxy> {
  const proxy = await startFaultProxy(() => hub.port(), plan);
  proxies.push(proxy);
  return proxy;
}

const isUpload = (head: { method: string; path: string }) => head.method === 'PUT' && head.path.startsWith('/batches/');

/** Two stations with families waiting; returns every registration number. */
function twoStations(hub: Hub): { a: Station; b: Station; numbers: string[] } {
  const a = site.station('Desk 1', hub);
  const b = site.station('Desk 2', hub, 'KPN2');
  const numbers = [a.register(), a.register(), b.register(), b.register(), b.register()];
  return { a, b, numbers };
}

async function done(hub: Hub, stations: Station[], target: SyncTarget, numbers: string[]): Promise<void> {
  for (const s of stations) {
    await syncUntilDone(s, target);
    expect(s.waiting()).toBe(0);
    expect(syncStatus(s.core.ctx)).toMatchObject({ waiting: 0, refused: 0, pendingChanges: 0 });
  }
  expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });
  expect(hub.households()).toBe(numbers.length);
}

describe('sync over HTTP with a real hub on 127.0.0.1', () => {
  it('batches from two stations arrive and are acknowledged; the same batch again gets the same receipt; same id, other bytes: 409', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    const { a, b, numbers } = twoStations(hub);
    const target = createHttpTarget(url);
    const report = await syncOnce(a.core.ctx, target);
    expect(report).toMatchObject({ reachable: true, error: null, waiting: 0, missing: [] });
    expect(report.acknowledged).toEqual([expect.objectContaining({ households: 2, persons: 4, duplicate: false })]);
    await done(hub, [a, b], target, numbers);

    // The protocol by hand: PUT the same file again (and POST with the Idempotency-Key): the same receipt.
    const batch = a.core.ctx.db.prepare('SELECT id, file_path, receipt FROM batches').get() as { id: string; file_path: string; receipt: string };
    const bytes = readFileSync(batch.file_path);
    const again = await raw(`${url}/batches/${batch.id}`, 'PUT', bytes);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ status: 'duplicate', receipt: JSON.parse(batch.receipt) });
    const posted = await raw(`${url}/batches`, 'POST', bytes, { 'Idempotency-Key': batch.id });
    expect(JSON.parse(posted.body).receipt).toEqual(JSON.parse(batch.receipt));
    expect((await raw(`${url}/batches/${batch.id}/receipt`, 'GET')).body).toBe(again.body);

    // The same id with other content: a later batch of the same station, uploaded under the first one's id.
    a.register();
    await syncOnce(a.core.ctx, target, { cut: true });
    const other = a.core.ctx.db.prepare('SELECT file_path FROM batches ORDER BY sequence_from DESC').get() as { file_path: string };
    const wrongId = await raw(`${url}/batches/${batch.id}`, 'PUT', readFileSync(other.file_path));
    expect(wrongId.status).toBe(400);
    // A file tampered with under the same id: verified like an import would, and refused; nothing applied.
    const tampered = Buffer.from(bytes);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 70) ^ 0xff, tampered.length - 70);
    const conflict = await raw(`${url}/batches/${batch.id}`, 'PUT', tampered);
    expect(conflict.status).toBe(422);
    expect(JSON.parse(conflict.body).error.code).toBe('batch.refused.bad_signature');
    expect(hub.households()).toBe(numbers.length + 1);

    const ranges = JSON.parse((await raw(`${url}/stations/${a.core.station.stationId}/ranges`, 'GET')).body) as {
      held: unknown[];
      missing: unknown[];
      known: boolean;
    };
    expect(ranges).toMatchObject({ known: true, missing: [] });
    expect(ranges.held).toHaveLength(1);
  });

  it('the same id with different, validly signed content is refused with 409 and never applied', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    const a = site.station('Desk 1', hub);
    a.register();
    await syncUntilDone(a, createHttpTarget(url));
    // The station seals the same range again under the same id: validly signed, other bytes (a new ephemeral key).
    const row = a.core.ctx.db.prepare('SELECT id, sequence_from, sequence_to, audit_from, audit_to FROM batches').get() as {
      id: string;
      sequence_from: number;
      sequence_to: number;
      audit_from: number;
      audit_to: number;
    };
    const cut = cutBatch(a.core.ctx, row.id, {
      sequenceFrom: row.sequence_from,
      sequenceTo: row.sequence_to,
      auditFrom: row.audit_from,
      auditTo: row.audit_to,
    });
    const bytes = sealCut(a.core.ctx, cut, hub.publicKey);
    const batch = { id: row.id };
    const before = hub.households();
    const answer = await raw(`${url}/batches/${batch.id}`, 'PUT', bytes);
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body).error.code).toBe('batch.refused.same_id_other_content');
    expect(hub.households()).toBe(before);
  });

  it('the hub stopped in the middle of an upload and started again: nothing half-applied, then acknowledged once', async () => {
    const hub = site.hub();
    await hub.serve();
    const { a, b, numbers } = twoStations(hub);
    let stalled = false;
    const proxy = await proxied(hub, (head) => (isUpload(head) && !stalled ? ((stalled = true), { kind: 'stall' }) : { kind: 'pass' }));
    const target = createHttpTarget(proxy.url, { timeoutMs: 5_000 });
    proxy.onStall = () => void hub.stop();
    const cut = await syncOnce(a.core.ctx, target);
    expect(cut.error?.code).toBe('unreachable');
    expect(a.waiting()).toBe(1);
    expect(hub.households()).toBe(0);

    const down = await syncOnce(a.core.ctx, target);
    expect(down).toMatchObject({ reachable: false, error: { code: 'unreachable' } });
    expect(syncStatus(a.core.ctx).online).toBe(false);

    await hub.serve();
    await done(hub, [a, b], target, numbers);
  });

  it('the station killed between upload and acknowledgement: reopened from its files, it gets the same receipt and ends acknowledged', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    const a = site.station('Desk 1', hub);
    const numbers = [a.register(), a.register()];
    const http = createHttpTarget(url);
    let receiptSeen: unknown;
    // The upload reaches the hub and its receipt comes back, then the process "dies" before recording it.
    const dying: SyncTarget = {
      ...http,
      async upload(item) {
        receiptSeen = (await http.upload(item)).receipt;
        throw new Error('killed');
      },
    };
    await expect(syncOnce(a.core.ctx, dying)).rejects.toThrow('killed');
    expect(hub.households()).toBe(2);
    a.reopen();
    expect(a.waiting()).toBe(1);

    const report = await syncOnce(a.core.ctx, http);
    expect(report.acknowledged).toEqual([expect.objectContaining({ duplicate: true })]);
    const kept = JSON.parse(a.core.ctx.db.prepare('SELECT receipt FROM batches').pluck().get() as string) as unknown;
    expect(kept).toEqual(receiptSeen);
    expect(a.waiting()).toBe(0);
    expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });
  });

  it('answers delayed past the timeout: the station gives up, sends again, and the hub answers with the same receipt', async () => {
    const hub = site.hub();
    await hub.serve();
    const { a, b, numbers } = twoStations(hub);
    let delayed = 0;
    const proxy = await proxied(hub, (head) => (isUpload(head) && delayed++ < 2 ? { kind: 'delay', ms: 1_500 } : { kind: 'pass' }));
    const target = createHttpTarget(proxy.url, { timeoutMs: 300 });
    const first = await syncOnce(a.core.ctx, target);
    expect(first.error?.code).toBe('timeout');
    expect(first.error?.message).toMatch(/did not answer within/);
    // The hub did take it in; the station does not know yet.
    expect(hub.households()).toBe(2);
    expect(a.waiting()).toBe(1);
    await done(hub, [a, b], target, numbers);
    const dup = a.core.ctx.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get();
    expect(dup).toBe(0);
  });

  it('500s and 429s (with Retry-After) are retried later, never refused, never doubled', async () => {
    const hub = site.hub();
    await hub.serve();
    const { a, b, numbers } = twoStations(hub);
    const faults: Fault[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 429, retryAfter: 7 },
      { kind: 'status', status: 503 },
    ];
    const proxy = await proxied(hub, (head) => (isUpload(head) ? (faults.shift() ?? { kind: 'pass' }) : { kind: 'pass' }));
    const target = createHttpTarget(proxy.url);
    const first = await syncOnce(a.core.ctx, target);
    expect(first.error?.code).toBe('server');
    const second = await syncOnce(a.core.ctx, target, { force: true });
    expect(second.error?.code).toBe('rate_limited');
    const row = a.core.ctx.db.prepare('SELECT attempts, next_attempt_at, last_attempt_at FROM sync_outbox').get() as {
      attempts: number;
      next_attempt_at: string;
      last_attempt_at: string;
    };
    expect(row.attempts).toBe(2);
    // Retry-After: 7 is honoured: the next attempt is at least 7 s after this one.
    expect(Date.parse(row.next_attempt_at) - Date.parse(row.last_attempt_at)).toBeGreaterThanOrEqual(7_000);
    // Not due yet: an automatic (not forced) sync leaves it alone.
    const early = await syncOnce(a.core.ctx, target);
    expect(early.acknowledged).toHaveLength(0);
    await done(hub, [a, b], target, numbers);
    expect(proxy.counts.faultedUploads).toBe(3);
  });

  it('a connection cut halfway through the body (and one cut in the answer): nothing applied twice, all acknowledged', async () => {
    const hub = site.hub();
    await hub.serve();
    const { a, b, numbers } = twoStations(hub);
    const faults: Fault[] = [{ kind: 'cut_request' }, { kind: 'cut_response' }, { kind: 'reset' }, { kind: 'cut_request' }];
    const proxy = await proxied(hub, (head) => (isUpload(head) ? (faults.shift() ?? { kind: 'pass' }) : { kind: 'pass' }));
    const target = createHttpTarget(proxy.url, { timeoutMs: 5_000 });
    const first = await syncOnce(a.core.ctx, target);
    expect(first.error?.code).toBe('unreachable');
    expect(hub.households()).toBe(0);
    const second = await syncOnce(a.core.ctx, target, { force: true });
    expect(second.error?.code).toBe('unreachable');
    // The answer was cut, but the batch was whole: the hub has it.
    expect(hub.households()).toBe(2);
    await done(hub, [a, b], target, numbers);
    expect(proxy.counts.faultedUploads).toBe(4);
  });
});

describe('the hub server guards itself', () => {
  it('answers 413 beyond its size limit and 429 with Retry-After beyond its rate', async () => {
    const hub = site.hub();
    const url = await hub.serve({ maxBodyBytes: 1024, rate: { burst: 3, perSecond: 0.5 } });
    const big = await raw(`${url}/batches/00000000-0000-7000-8000-000000000001`, 'PUT', Buffer.alloc(4096, 1));
    expect(big.status).toBe(413);
    await raw(`${url}/hub`, 'GET');
    await raw(`${url}/hub`, 'GET');
    const limited = await raw(`${url}/hub`, 'GET');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('refuses batches from unknown stations while enrolment is closed: the batch is marked refused with the reason, nothing applied', async () => {
    const hub = site.hub({ enrolmentOpen: false });
    const url = await hub.serve();
    const a = site.station('Desk 1', hub);
    a.register();
    const report = await syncOnce(a.core.ctx, createHttpTarget(url));
    expect(report.refused).toEqual([expect.objectContaining({ code: 'sync.station_unknown' })]);
    expect(syncStatus(a.core.ctx)).toMatchObject({ waiting: 0, refused: 1, lastError: { code: 'refused' } });
    expect(hub.households()).toBe(0);
  });

  it('binds to 127.0.0.1 by default; a station pointed at another hub (another key) sends nothing', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    expect(hub.server!.host).toBe('127.0.0.1');
    const other = site.hub();
    const a = site.station('Desk 1', other);
    a.register();
    const report = await syncOnce(a.core.ctx, createHttpTarget(url));
    expect(report.error?.code).toBe('wrong_hub');
    expect(hub.households()).toBe(0);
    expect(a.core.ctx.db.prepare('SELECT count(*) FROM batches').pluck().get()).toBe(0);
  });
});
