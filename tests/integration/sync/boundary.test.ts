import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifestHead } from '../../../electron/core/batch/envelope.js';
import { refusalCounts } from '../../../electron/core/batch/trust.js';
import { collectFolder, FOLDER_LAYOUT } from '../../../electron/core/sync/folder.js';
import { tableCounts } from '../../helpers/batches.js';
import { forgeBatch } from '../../helpers/forge.js';
import { syncSite, type SyncSite } from '../../helpers/sync.js';

/**
 * Hub trust (issue 11): what comes from outside is checked before use. Ids have one strict shape, paths built from
 * them stay inside their folder, an unknown station's upload is refused from its head before the rest is read,
 * bytes in flight are capped, a malformed request is a 4xx, and every refusal is one log line and counted.
 */

let site: SyncSite;
beforeEach(() => {
  site = syncSite();
});
afterEach(async () => {
  await site.dispose();
});

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    })
      .on('error', reject)
      .end();
  });
}

const listing = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

describe('identifiers and paths from outside', () => {
  it('a station id with ../ never becomes a path: refused, nothing written outside the folder', () => {
    const hub = site.hub();
    const desk = site.station('Desk 1', hub);
    desk.register();
    const outside = join(site.root, 'outside');
    const folder = join(outside, 'share');
    mkdirSync(folder, { recursive: true });
    for (const stationId of ['../../escape', '../ranges-x', 'a/b']) {
      const file = forgeBatch(desk.core.ctx, hub.publicKey, [], undefined, { stationId });
      writeFileSync(join(folder, `${readManifestHead(file).batchId}${FOLDER_LAYOUT.extension}`), file);
    }
    const before = tableCounts(hub.core.ctx.db);
    const report = collectFolder(hub.service, folder);
    expect(report.received).toEqual([]);
    expect(report.refused.map((r) => r.code)).toEqual(['batch.refused.bad_id', 'batch.refused.bad_id', 'batch.refused.bad_id']);
    expect(listing(outside).filter((p) => !p.startsWith('share'))).toEqual([]);
    expect(existsSync(join(site.root, 'escape.json'))).toBe(false);
    expect(listing(folder).filter((p) => p.startsWith(`${FOLDER_LAYOUT.ranges}/`))).toEqual([]);
    expect({ ...tableCounts(hub.core.ctx.db), audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
  });

  it('a symlinked subfolder is refused: the hub writes nothing through it', () => {
    const hub = site.hub();
    const desk = site.station('Desk 1', hub);
    desk.register();
    const folder = join(site.root, 'share');
    const elsewhere = join(site.root, 'elsewhere');
    mkdirSync(folder);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(folder, FOLDER_LAYOUT.receipts));
    const file = forgeBatch(desk.core.ctx, hub.publicKey, []);
    writeFileSync(join(folder, `${readManifestHead(file).batchId}${FOLDER_LAYOUT.extension}`), file);
    expect(() => collectFolder(hub.service, folder)).toThrow(/symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(hub.households()).toBe(0);
  });

  it('over HTTP: a malformed percent-escape or a traversal id answers 400, never 500, with no stack trace', async () => {
    const hub = site.hub();
    const lines: string[] = [];
    const url = await hub.serve({ log: (line) => lines.push(line) });
    for (const path of ['/batches/%E0%A4%A', '/stations/%/ranges', '/stations/..%2F..%2Fetc/ranges', '/batches/..%2Fx/receipt']) {
      const answer = await get(`${url}${path}`);
      expect(answer.status, path).toBe(400);
      expect(answer.body).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(lines.some((l) => /internal error|Error:/.test(l))).toBe(false);
    expect(lines.filter((l) => l.startsWith('refused ')).length).toBe(4);
    expect(lines[0]).toMatch(/^refused remote=127\.0\.0\.1 station=- batch=- status=400 code=sync\.bad_request$/);
  });
});

describe('cheap checks first', () => {
  it('an unknown station is refused (403) from the head of its upload, before the rest of the body is sent; logged and counted', async () => {
    const hub = site.hub({ enrolmentOpen: false });
    const lines: string[] = [];
    const url = await hub.serve({ log: (line) => lines.push(line) });
    const stranger = site.station('Stranger', hub);
    stranger.register();
    const file = forgeBatch(stranger.core.ctx, hub.publicKey, []);
    const batchId = readManifestHead(file).batchId;
    const declared = 50 * 1024 * 1024;
    const answer = await new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
      let sent = 0;
      const req = request(`${url}/batches/${batchId}`, { method: 'PUT', agent: false, headers: { 'Content-Length': String(declared) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentBytes: sent }));
      });
      req.on('error', () => {
        // The hub closes the connection after answering; the answer is what counts.
      });
      // Only the head is sent; the rest never is: the answer must come anyway.
      req.write(file.subarray(0, 4096));
      sent = 4096;
      req.on('close', () => reject(new Error('closed without an answer')));
    });
    expect(answer.status).toBe(403);
    expect(answer.sentBytes).toBeLessThan(declared);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'sync.station_unknown' } });
    expect(answer.body).toMatch(/enrol this desk/);
    expect(lines).toContainEqual(`refused remote=127.0.0.1 station=${stranger.core.station.stationId} batch=${batchId} status=403 code=sync.station_unknown`);
    expect(refusalCounts(hub.core.ctx.db)).toContainEqual(expect.objectContaining({ code: 'station_unknown', count: 1 }));
    const tried = hub.core.ctx.db.prepare('SELECT station_id FROM station_attempts').pluck().all();
    expect(tried).toEqual([stranger.core.station.stationId]);
    expect(hub.households()).toBe(0);
  });

  it('bytes in flight beyond the cap answer 503 with Retry-After; nothing applied', async () => {
    const hub = site.hub();
    const url = await hub.serve({ maxInFlightBytes: 64 * 1024 });
    const desk = site.station('Desk 1', hub);
    desk.register();
    const file = forgeBatch(desk.core.ctx, hub.publicKey, [], undefined, { padding: 200 * 1024 });
    const answer = await new Promise<{ status: number; retry: string | undefined }>((resolve, reject) => {
      const req = request(
        `${url}/batches/${readManifestHead(file).batchId}`,
        { method: 'PUT', agent: false, headers: { 'Content-Length': String(file.length) } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, retry: res.headers['retry-after'] });
        },
      );
      req.on('error', () => {});
      req.end(file);
      setTimeout(() => reject(new Error('no answer')), 20_000);
    });
    expect(answer.status).toBe(503);
    expect(Number(answer.retry)).toBeGreaterThanOrEqual(1);
    expect(hub.households()).toBe(0);
  });
});
