import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../electron/handlers/dispatch.js';
import { createWebServer } from '../../../electron/web/server.js';

/**
 * The harness reads a call's body with the hub's body reader (electron/core/hub/body.ts): at most 2 MiB, enforced
 * while the bytes arrive, whether the size was declared or not; beyond it the answer is 413 and no method runs.
 */

const calls: unknown[] = [];
const dispatcher: Dispatcher = {
  invoke: (method) => {
    calls.push(method);
    return Promise.resolve({ ok: true, value: 'done' });
  },
  onEvent: () => () => undefined,
  disconnect: () => undefined,
};
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  calls.length = 0;
  for (const close of closers.splice(0)) await close();
});

async function harness() {
  const staticDir = mkdtempSync(join(tmpdir(), 'intake-static-'));
  const web = await createWebServer({ dispatcher, staticDir });
  closers.push(async () => {
    await web.close();
    rmSync(staticDir, { recursive: true, force: true });
  });
  return web;
}

/** Posts `pieces` one after another, chunked (no Content-Length) unless `declared`; resolves with the answer. */
function post(url: string, pieces: Buffer[], declared?: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL('/api/invoke', url);
    const req = request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { Host: target.host, 'Content-Type': 'application/json', ...(declared !== undefined ? { 'Content-Length': String(declared) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // The harness closes the connection once it has answered: a write after that may fail, the answer stands.
    req.on('error', () => undefined);
    const write = (i: number) => {
      if (i === pieces.length) return req.end();
      if (req.destroyed) return;
      req.write(pieces[i], () => write(i + 1));
    };
    write(0);
  });
}

const call = (method: string, padding = 0) => Buffer.from(JSON.stringify({ method, input: { pad: 'x'.repeat(padding) } }), 'utf8');

describe('the harness reads a call within its limit', () => {
  it('runs a call of ordinary size', async () => {
    const web = await harness();
    const answer = await post(web.url, [call('queue.list')]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual(['queue.list']);
  });

  it('refuses a body over 2 MiB with 413 while reading it, sized or not, and runs nothing', async () => {
    const web = await harness();
    const big = call('queue.list', 2 * 1024 * 1024);
    const pieces = Array.from({ length: Math.ceil(big.length / 65_536) }, (_, i) => big.subarray(i * 65_536, (i + 1) * 65_536));
    for (const declared of [undefined, big.length]) {
      const answer = await post(web.url, pieces, declared);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(calls).toEqual([]);
  });

  it('answers 400 to a body that is not a JSON call', async () => {
    const web = await harness();
    for (const text of ['not json', 'null', '[1]']) {
      const answer = await post(web.url, [Buffer.from(text)]);
      expect(answer.status).toBe(400);
    }
    expect(calls).toEqual([]);
  });
});
