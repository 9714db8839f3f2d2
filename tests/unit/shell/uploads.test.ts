import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../electron/handlers/dispatch.js';
import { createWebServer } from '../../../electron/web/server.js';

/**
 * The harness's stand-in for a path the browser cannot give: a chosen file is streamed to a private temporary file
 * and its path returned, for a method that takes paths. Only the harness has it, only its own pages may post to it.
 */

const idle: Dispatcher = { invoke: () => Promise.resolve({ ok: true, value: null }), onEvent: () => () => undefined, disconnect: () => undefined };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function harness(uploads: boolean) {
  const staticDir = mkdtempSync(join(tmpdir(), 'intake-static-'));
  const web = await createWebServer({ dispatcher: idle, staticDir, uploads });
  closers.push(async () => {
    await web.close();
    rmSync(staticDir, { recursive: true, force: true });
  });
  return web;
}

describe('the harness upload route', () => {
  it('keeps the bytes in a temporary file and answers with its path, removed when the harness closes', async () => {
    const web = await harness(true);
    const bytes = Buffer.from('INTAKEB1 a batch, byte for byte');
    const response = await fetch(`${web.url}/api/upload`, { method: 'POST', body: bytes });
    const result = (await response.json()) as { ok: boolean; value: { path: string } };
    expect(result.ok).toBe(true);
    expect(readFileSync(result.value.path)).toEqual(bytes);
    await closers.pop()?.();
    expect(existsSync(result.value.path)).toBe(false);
  });

  it('refuses a page of another origin, and is absent where uploads are off', async () => {
    const web = await harness(true);
    const foreign = await fetch(`${web.url}/api/upload`, { method: 'POST', body: 'x', headers: { Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const plain = await harness(false);
    expect((await fetch(`${plain.url}/api/upload`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
