import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A small fault-injecting TCP proxy on 127.0.0.1 in front of the hub. It reads each connection's request head
 * (method, path, Content-Length), asks `plan` what to do with it, and then passes it through, answers 500/429 itself,
 * cuts the request or the answer halfway, holds the answer back (past the station's timeout) or stalls halfway
 * through the body. The HTTP target opens one connection per request, so one connection is one request.
 */

export type Fault =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; retryAfter?: number }
  /** Forward the head and half the body, then cut both sides: the hub never has the whole batch. */
  | { kind: 'cut_request' }
  /** Forward the request; cut the answer after its first bytes: the hub took the batch in, the station does not know. */
  | { kind: 'cut_response' }
  /** Forward the request; hold the answer for `ms` (the station gives up first). */
  | { kind: 'delay'; ms: number }
  /** Forward the head and half the body, then wait (calls `onStall`): the test stops the hub meanwhile. */
  | { kind: 'stall' }
  /** Reset the connection at once. */
  | { kind: 'reset' };

export interface RequestHead {
  method: string;
  path: string;
  contentLength: number;
  /** 1 for the first connection, 2 for the next... */
  index: number;
}

export interface ProxyCounts {
  connections: number;
  byKind: Record<Fault['kind'], number>;
  /** Uploads (PUT /batches/…) seen, and how many of them were faulted. */
  uploads: number;
  faultedUploads: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  counts: ProxyCounts;
  plan: (head: RequestHead) => Fault;
  onStall?: () => void;
  close(): Promise<void>;
}

const CANNED: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export async function startFaultProxy(upstreamPort: () => number, plan: (head: RequestHead) => Fault = () => ({ kind: 'pass' })): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const counts: ProxyCounts = {
    connections: 0,
    uploads: 0,
    faultedUploads: 0,
    byKind: { pass: 0, status: 0, cut_request: 0, cut_response: 0, delay: 0, stall: 0, reset: 0 },
  };
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    return s;
  };

  const proxy: FaultProxy = { url: '', port: 0, counts, plan, close: async () => {} };

  const server: Server = createServer((client) => {
    track(client);
    const index = ++counts.connections;
    let buffered = Buffer.alloc(0);
    const onHead = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onHead);
      client.pause();
      const headText = buffered.subarray(0, end).toString('latin1');
      const [requestLine = '', ...headerLines] = headText.split('\r\n');
      const [method = '', path = ''] = requestLine.split(' ');
      const lengthLine = headerLines.find((l) => l.toLowerCase().startsWith('content-length:'));
      const head: RequestHead = { method, path, contentLength: lengthLine ? Number(lengthLine.split(':')[1]) : 0, index };
      const fault = proxy.plan(head);
      counts.byKind[fault.kind]++;
      if (method === 'PUT' && path.startsWith('/batches/')) {
        counts.uploads++;
        if (fault.kind !== 'pass') counts.faultedUploads++;
      }
      act(client, fault, head, buffered, end + 4);
    };
    client.on('data', onHead);
  });

  function act(client: Socket, fault: Fault, head: RequestHead, first: Buffer, bodyStart: number): void {
    if (fault.kind === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (fault.kind === 'status') {
      const body = JSON.stringify({ error: { code: `injected_${fault.status}`, message: 'injected by the test proxy' } });
      const headers = [
        `HTTP/1.1 ${fault.status} ${CANNED[fault.status] ?? 'Error'}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        ...(fault.retryAfter !== undefined ? [`Retry-After: ${fault.retryAfter}`] : []),
      ];
      client.resume();
      client.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
      return;
    }
    const upstream = track(connect(upstreamPort(), '127.0.0.1'));
    // The hub ending its answer normally is passed on (by pipe, or after the delay); anything else cuts the client.
    let ended = false;
    upstream.on('end', () => (ended = true));
    upstream.on('close', () => {
      if (!ended) client.destroy();
    });
    client.on('close', () => upstream.destroy());
    const half = bodyStart + Math.floor(head.contentLength / 2);
    if (fault.kind === 'cut_request' || fault.kind === 'stall') {
      // Forward up to the middle of the body, then cut (or stall until the test acts).
      let sent = 0;
      const forward = (chunk: Buffer) => {
        const room = half - sent;
        if (room <= 0) return;
        const part = chunk.subarray(0, room);
        upstream.write(part);
        sent += part.length;
        if (sent >= half) {
          client.off('data', forward);
          if (fault.kind === 'cut_request') {
            // Give the hub the half it has, then cut both sides.
            setTimeout(() => {
              upstream.destroy();
              client.destroy();
            }, 20);
          } else {
            proxy.onStall?.();
          }
        }
      };
      forward(first);
      client.on('data', forward);
      client.resume();
      return;
    }
    upstream.write(first);
    client.pipe(upstream);
    client.resume();
    if (fault.kind === 'pass') {
      upstream.pipe(client);
      return;
    }
    if (fault.kind === 'cut_response') {
      upstream.once('data', (chunk: Buffer) => {
        client.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 3))));
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
        }, 10);
      });
      return;
    }
    // delay: keep what the hub answers and hand it on only after `ms`.
    const held: Buffer[] = [];
    upstream.on('data', (chunk: Buffer) => held.push(chunk));
    const timer = setTimeout(() => {
      if (!client.destroyed) client.end(Buffer.concat(held));
    }, fault.ms);
    client.on('close', () => clearTimeout(timer));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  proxy.port = port;
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
