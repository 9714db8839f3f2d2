import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppHandler, registerAppScheme, resolveAppFile, serveApp } from '../../../electron/main/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security.js';

vi.mock('electron', () => ({}));

let parent: string;
let root: string;

beforeAll(() => {
  // The renderer folder sits beside a file it must never serve.
  parent = mkdtempSync(join(tmpdir(), 'intake-protocol-'));
  root = join(parent, 'app');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Intake Desk</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'noto.woff2'), 'w2');
  writeFileSync(join(root, 'assets', 'noto.woff'), 'w1');
  writeFileSync(join(root, 'assets', 'logo.png'), 'png');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'assets', 'data.json'), '{}');
  writeFileSync(join(root, 'assets', 'blob.bin'), 'bin');
  writeFileSync(join(parent, 'secret.txt'), 'station private key');
});

afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('resolveAppFile', () => {
  it('maps the app root and its files into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://intake/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://intake/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://intake/assets/index.js?v=2#/print/slip/1')).toBe(join(root, 'assets', 'index.js'));
    expect(resolveAppFile(root, 'app://intake/assets/Noto%20Sans.woff2')).toBe(join(root, 'assets', 'Noto Sans.woff2'));
  });

  it.each(['app://intake/../../etc/passwd', 'app://intake/%2e%2e/%2e%2e/etc/passwd', 'app://intake/assets/../../secret.txt'])(
    'clamps dot segments inside the root: %s',
    (url) => {
      // The URL parser removes them before the path is read: the result can only be a file under the root.
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(resolve(root) + sep)).toBe(true);
    },
  );

  it.each([
    'app://intake/..%2f..%2fsecret.txt',
    'app://intake/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://intake/%2e%2e%2fsecret.txt',
    'app://intake/assets/..%2f..%2f..%2fsecret.txt',
    'app://intake/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://intake/%00index.html',
    'app://intake/%E0%A4%A', // a broken escape
  ])('refuses an encoded escape: %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it.each(['app://evil/index.html', 'app://intake.evil/index.html', 'https://intake/index.html', 'file:///etc/passwd', 'not a url'])(
    'refuses another host or scheme: %s',
    (url) => {
      expect(resolveAppFile(root, url)).toBeNull();
    },
  );
});

describe('createAppHandler', () => {
  const get = (url: string, method = 'GET') => createAppHandler(root)(new Request(url, { method }));

  it.each([
    ['app://intake/index.html', 'text/html; charset=utf-8'],
    ['app://intake/assets/index.js', 'text/javascript; charset=utf-8'],
    ['app://intake/assets/index.css', 'text/css; charset=utf-8'],
    ['app://intake/assets/noto.woff2', 'font/woff2'],
    ['app://intake/assets/noto.woff', 'font/woff'],
    ['app://intake/assets/logo.png', 'image/png'],
    ['app://intake/assets/logo.svg', 'image/svg+xml'],
    ['app://intake/assets/data.json', 'application/json'],
    ['app://intake/assets/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s with the CSP and nosniff', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the file itself', async () => {
    expect(await (await get('app://intake/')).text()).toContain('<title>Intake Desk</title>');
  });

  it.each([
    'app://intake/..%2fsecret.txt',
    'app://intake/../secret.txt',
    'app://intake/assets/../../secret.txt',
    'app://intake/missing.js',
    'app://intake/assets/',
    'app://evil/index.html',
  ])('answers 404 for %s, still with the CSP', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('private key');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://intake/index.html', 'POST')).status).toBe(405);
    expect((await get('app://intake/index.html', 'HEAD')).status).toBe(200);
  });
});

describe('registration with Electron', () => {
  it('registers app:// as standard, secure and fetchable, and nothing more', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('handles the app scheme with the file handler', async () => {
    const protocol = { handle: vi.fn() };
    serveApp(protocol, root);
    expect(protocol.handle).toHaveBeenCalledOnce();
    const [scheme, handler] = protocol.handle.mock.calls[0] ?? [];
    expect(scheme).toBe('app');
    const response = await (handler as (request: Request) => Promise<Response>)(new Request('app://intake/index.html'));
    expect(response.status).toBe(200);
  });
});
