import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { mimeOf } from '../core/static-files.js';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.js';

/**
 * The renderer is served from build/app under app://intake/ rather than file://, so that it has a real origin for
 * the CSP and 'self', and so that no page can read other files of the disk.
 */

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/** Must run before the app is ready: Chromium fixes the privileged schemes at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file under `root` that an app:// URL names, or null for another host, a bad escape or a path out of root. */
export function resolveAppFile(root: string, url: string): string | null {
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url);
    // Decoded after parsing, so `..%2F` cannot slip past the URL parser's own dot-segment removal.
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || path.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
  return file.startsWith(base + sep) ? file : null;
}

const respond = (status: number, body: string | Uint8Array | null, type = 'text/plain; charset=utf-8'): Response =>
  new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });

/** The app:// handler, apart from Electron so it can be tested: every answer, 404 included, carries the CSP. */
export function createAppHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const file = resolveAppFile(root, request.url);
    if (!file) return respond(404, 'Not found');
    try {
      const content = await readFile(file);
      return respond(200, request.method === 'HEAD' ? null : content, mimeOf(file));
    } catch {
      return respond(404, 'Not found');
    }
  };
}

/** Serves build/app on app://intake/; call once the app is ready. */
export function serveApp(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(root));
}
