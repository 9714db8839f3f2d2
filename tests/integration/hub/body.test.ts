import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLarge, InFlight, readBody, TooMuchInFlight, type BodyOptions } from '../../../electron/core/hub/body.js';

/**
 * The one body reader (electron/core/hub/body.ts) of the hub and the harness, on a real server on 127.0.0.1: the
 * limit holds while the bytes arrive, bytes in flight are counted and given back, the head is seen as soon as it is
 * there.
 */

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((done) => s.close(() => done()));
  }
});

/** A server that reads each body with `options` and answers what came of it; resolves with its address. */
async function serving(options: () => BodyOptions, seen: (outcome: unknown) => void): Promise<string> {
  const server = createServer((req: IncomingMessage, res) => {
    readBody(req, options()).then(
      (body) => {
        seen({ size: body.size, held: body.held, text: Buffer.concat(body.chunks).toString('utf8') });
        res.end('ok');
      },
      (error: unknown) => {
        seen(error);
        res.writeHead(413, { Connection: 'close' }).end('no');
        res.once('finish', () => setImmediate(() => req.socket.destroy()));
      },
    );
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Sends `pieces` chunked (no Content-Length), each after the one before was written. */
function send(url: string, pieces: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', () => undefined);
    const write = (i: number) => {
      if (i === pieces.length) return req.end();
      if (req.destroyed) return;
      req.write(pieces[i], () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}

describe('readBody', () => {
  it('keeps the body in its pieces within the limit, and counts what it holds', async () => {
    const outcomes: unknown[] = [];
    const inFlight = new InFlight(1000);
    const url = await serving(
      () => ({ limit: 100, inFlight }),
      (o) => outcomes.push(o),
    );
    expect(await send(url, ['abc', 'def'])).toBe(200);
    expect(outcomes).toEqual([{ size: 6, held: 6, text: 'abcdef' }]);
    expect(inFlight.bytes).toBe(6);
  });

  it('stops at the limit while reading an unsized body, and gives back what it held', async () => {
    const outcomes: unknown[] = [];
    const inFlight = new InFlight(1000);
    const url = await serving(
      () => ({ limit: 100, inFlight }),
      (o) => outcomes.push(o),
    );
    expect(
      await send(
        url,
        Array.from({ length: 20 }, () => 'x'.repeat(30)),
      ),
    ).toBe(413);
    expect(outcomes[0]).toBeInstanceOf(BodyTooLarge);
    expect(inFlight.bytes).toBe(0);
  });

  it('refuses a body that would hold more than all requests together may', async () => {
    const outcomes: unknown[] = [];
    const inFlight = new InFlight(10);
    inFlight.take(8);
    const url = await serving(
      () => ({ limit: 100, inFlight }),
      (o) => outcomes.push(o),
    );
    expect(await send(url, ['abcdef'])).toBe(413);
    expect(outcomes[0]).toBeInstanceOf(TooMuchInFlight);
    expect(inFlight.bytes).toBe(8);
  });

  it('shows the head once, as soon as it is there; a refusal there stops the reading', async () => {
    const heads: string[] = [];
    const outcomes: unknown[] = [];
    const head = (refuse: boolean): BodyOptions['head'] => ({
      length: (first) => (first.length >= 1 ? Number(first.toString('utf8', 0, 1)) : undefined),
      check: (bytes) => {
        heads.push(bytes.toString('utf8'));
        if (refuse) throw new Error('refused at the head');
      },
    });
    let refuse = false;
    const url = await serving(
      () => ({ limit: 1000, head: head(refuse) }),
      (o) => outcomes.push(o),
    );
    expect(await send(url, ['4a', 'b', 'cdef', 'gh'])).toBe(200);
    // Once, with at least the 4 bytes it asked for (how the pieces arrive is up to TCP).
    expect(heads).toHaveLength(1);
    expect(heads[0]!.length).toBeGreaterThanOrEqual(4);
    expect('4abcdefgh'.startsWith(heads[0]!)).toBe(true);
    refuse = true;
    expect(await send(url, ['3ab', ...Array.from({ length: 10 }, () => 'x'.repeat(50))])).toBe(413);
    expect(heads[1]!.startsWith('3ab')).toBe(true);
    expect(outcomes[1]).toMatchObject({ message: 'refused at the head' });
    // Shorter than the head says: seen whole at the end.
    refuse = false;
    expect(await send(url, ['9ab'])).toBe(200);
    expect(heads[2]).toBe('9ab');
  });
});
