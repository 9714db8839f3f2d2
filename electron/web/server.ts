import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Dispatcher } from '../handlers/dispatch.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { createUploads } from './uploads.js';
import { BodyTooLarge, readBodyText } from '../core/hub/body.js';
import { mimeOf } from '../core/static-files.js';

/**
 * The loopback harness: the real renderer and the same dispatcher as ipcMain, over HTTP on 127.0.0.1 only. Used by
 * `npm run web` and by the end-to-end tests in Chromium.
 */

/** A call: the method's name and its input, both checked by the dispatcher. */
const InvokeRequest = z.object({ method: z.unknown(), input: z.unknown() });
const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY = 2 * 1024 * 1024;
export interface WebServerOptions {
  dispatcher: Dispatcher;
  staticDir: string;
  host?: string;
  port?: number;
  /** Accept files on /api/upload (the harness's stand-in for a path the browser cannot give). */
  uploads?: boolean;
}

export function assertLoopback(host: string): void {
  if (!LOOPBACK.has(host)) throw new Error(`The web harness serves personal data and binds to loopback only; refused ${host}.`);
}

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'application/json; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...securityHeaders, 'Content-Type': type, ...headers });
  res.end(body);
}

/**
 * Each browser is a connection with its own session (who is signed in), named by an HttpOnly cookie; the port is in
 * the cookie's name because cookies do not tell ports apart.
 */
function connectionOf(req: IncomingMessage, res: ServerResponse, port: number): string {
  const name = `intake_connection_${port}`;
  const found = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === name)?.[1];
  if (found && /^[0-9a-f]{32}$/.test(found)) return found;
  const id = randomBytes(16).toString('hex');
  res.setHeader('Set-Cookie', `${name}=${id}; Path=/; HttpOnly; SameSite=Strict`);
  return id;
}

/** Only pages this server served may call it: a page on another site cannot post to the harness (CSRF, rebinding). */
function sameOrigin(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (!allowedHosts.includes(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || allowedHosts.some((h) => origin === `http://${h}`);
}

export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const file = resolve(root, relative);
  return file.startsWith(resolve(root) + sep) ? file : null;
}

export function createWebServer(options: WebServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const staticRoot = resolve(options.staticDir);
  const streams = new Set<ServerResponse>();
  const unsubscribe = options.dispatcher.onEvent((event, payload) => {
    const line = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const res of streams) res.write(line);
  });
  const uploads = options.uploads ? createUploads(join(tmpdir(), 'intake-uploads-')) : undefined;
  let port = 0;
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, JSON.stringify({ ok: false, error: { code: 'internal', message: 'Harness error' } })));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (!sameOrigin(req, port)) return send(res, 403, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Wrong origin' } }));
    if (url === '/api/invoke' && req.method === 'POST') {
      let text: string;
      try {
        text = await readBodyText(req, MAX_BODY);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        // The rest of the body is not read: the answer, then the connection ends.
        res.once('finish', () => setImmediate(() => req.socket.destroy()));
        const message = `A request may be at most ${MAX_BODY} bytes.`;
        return send(res, 413, JSON.stringify({ ok: false, error: { code: 'invalid_input', message } }), undefined, { Connection: 'close' });
      }
      const body = InvokeRequest.safeParse(parseJson(text));
      if (!body.success) {
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'The request was not valid JSON.' } }));
      }
      // The method's name and input are checked by the dispatcher, as they are over IPC.
      const result = await options.dispatcher.invoke(body.data.method, body.data.input, connectionOf(req, res, port));
      return send(res, 200, JSON.stringify(result));
    }
    if (url === '/api/upload' && req.method === 'POST' && uploads) {
      const result = await uploads.receive(req);
      return send(res, result.ok ? 200 : 413, JSON.stringify(result));
    }
    if (url === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { ...securityHeaders, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'GET') return send(res, 405, '');
    connectionOf(req, res, port);
    const file = resolveStaticFile(staticRoot, url);
    if (!file) return send(res, 404, 'Not found', 'text/plain');
    try {
      const content = await readFile(file);
      return send(res, 200, content, mimeOf(file));
    } catch {
      // Client-side routes fall back to the app shell.
      if (!extname(file)) return send(res, 200, await readFile(join(staticRoot, 'index.html')), mimeOf('index.html'));
      return send(res, 404, 'Not found', 'text/plain');
    }
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : 0;
      resolvePromise({
        server,
        url: `http://${host === '::1' ? '[::1]' : host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            uploads?.dispose();
            for (const res of streams) res.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
