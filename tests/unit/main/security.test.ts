import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  EXTERNAL_PAGES,
  guardNavigation,
  hardenSession,
  isAllowedExternalUrl,
  isAppUrl,
  openExternalSafely,
} from '../../../electron/main/security.js';

vi.mock('electron', () => ({}));

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0])
    .map(([name = '', ...sources]) => [name, sources]),
);

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows no inline script or style and no eval', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval|hashes)|wasm-unsafe-eval/);
  });

  it("keeps everything to 'self', with no plug-ins, base, forms or framing", () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('lets the page fetch and load from no remote origin', () => {
    for (const [name, sources] of directives) {
      for (const source of sources) {
        // Quoted keywords and the data: scheme for images are the only non-self sources.
        expect(/^'[a-z-]+'$/.test(source) || (name === 'img-src' && source === 'data:'), `${name} ${source}`).toBe(true);
      }
    }
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://intake/index.html', true],
    ['app://intake/assets/index.js?v=1#/print/slip/1', true],
    ['app://other/index.html', false],
    ['app://user@intake/index.html', false],
    ['https://intake/index.html', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

type Listener = (event: { url: string; preventDefault: () => void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(name: string, listener: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler;
    },
  };
  guardNavigation(contents as unknown as WebContents);
  /** Emits the event as Electron would; says whether a listener prevented it. */
  const emit = (name: string, url: string): boolean => {
    const preventDefault = vi.fn();
    const registered = listeners.get(name) ?? [];
    expect(registered.length, `a listener on ${name}`).toBeGreaterThan(0);
    for (const listener of registered) listener({ url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  };
  return { emit, openWindow: (url: string) => openHandler?.({ url }) };
}

describe('guardNavigation', () => {
  const hostile = ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://evil/index.html'];

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: prevents leaving the app', (name) => {
    const contents = fakeContents();
    for (const url of hostile) expect(contents.emit(name, url), url).toBe(true);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: lets the app move between its own pages', (name) => {
    expect(fakeContents().emit(name, APP_ENTRY_URL)).toBe(false);
  });

  it('refuses every webview, even one pointing at the app', () => {
    expect(fakeContents().emit('will-attach-webview', APP_ENTRY_URL)).toBe(true);
  });

  it('denies every new window, to a hostile URL or to the app itself', () => {
    const contents = fakeContents();
    for (const url of [...hostile, APP_ENTRY_URL]) expect(contents.openWindow(url), url).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  it('answers every permission request and check with no', () => {
    let requestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let checkHandler: ((...args: unknown[]) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: vi.fn((handler: typeof requestHandler) => (requestHandler = handler)),
      setPermissionCheckHandler: vi.fn((handler: typeof checkHandler) => (checkHandler = handler)),
    };
    hardenSession(session as unknown as Session);

    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn();
      requestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(checkHandler?.(null, permission, APP_ENTRY_URL, {})).toBe(false);
    }
    expect(session.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(session.setPermissionCheckHandler).toHaveBeenCalledOnce();
  });
});

describe('openExternalSafely', () => {
  const allowed = EXTERNAL_PAGES[0]?.url ?? '';

  it.each([
    'https://evil.example/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://www.unhcr.org/privacy-policy',
    `${allowed}.evil.example`,
    `${allowed}/../../evil`,
    allowed.replace('https://', 'https://user:pass@'),
    allowed.replace('www.unhcr.org', 'www.unhcr.org.evil.example'),
    'app://intake/index.html',
  ])('refuses %s without calling the shell', async (url) => {
    const shell = { openExternal: vi.fn(async () => {}) };
    expect(isAllowedExternalUrl(url)).toBe(false);
    await expect(openExternalSafely(shell, url)).resolves.toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens each allow-listed https page', async () => {
    expect(EXTERNAL_PAGES.length).toBeGreaterThan(0);
    for (const page of EXTERNAL_PAGES) {
      expect(page.url.startsWith('https://')).toBe(true);
      const shell = { openExternal: vi.fn(async () => {}) };
      await expect(openExternalSafely(shell, page.url)).resolves.toBe(true);
      expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith(page.url);
    }
  });
});
